package dev.ocrpipe.worker.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The restarts one listener container may still have: a bounded number within a sliding window,
 * each after a longer wait, so a container that keeps dying ends in an honest DOWN rather than a
 * restart loop.
 */
final class RestartBudget {

	private final int max;

	private final Duration window;

	private final Duration backoff;

	private final Duration backoffMax;

	private final Deque<Instant> restarts = new ArrayDeque<>();

	RestartBudget(int max, Duration window, Duration backoff, Duration backoffMax) {
		this.max = max;
		this.window = window;
		this.backoff = backoff;
		this.backoffMax = backoffMax;
	}

	RestartBudget(HealthProperties properties) {
		this(properties.maxRestarts(), properties.restartWindow(), properties.restartBackoff(),
				properties.restartBackoffMax());
	}

	/**
	 * Takes one restart from the budget.
	 * @return how long to wait before restarting, or {@code null} when the budget is spent
	 */
	synchronized Duration take(Instant now) {
		while (!this.restarts.isEmpty() && !this.restarts.peekFirst().isAfter(now.minus(this.window))) {
			this.restarts.removeFirst();
		}
		if (this.restarts.size() >= this.max) {
			return null;
		}
		this.restarts.addLast(now);
		return wait(this.restarts.size());
	}

	/** The wait before the n-th restart within the window: the backoff doubled each time, capped. */
	Duration wait(int nth) {
		Duration wait = this.backoff.multipliedBy(1L << Math.min(20, nth - 1));
		return (wait.compareTo(this.backoffMax) > 0) ? this.backoffMax : wait;
	}

	synchronized int used() {
		return this.restarts.size();
	}

}
