package dev.ocrpipe.worker.ocr;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An adaptive limit on concurrent OCR calls, inside the worker's fixed bulkhead, resized by AIMD:
 * halved when the engine says it is overloaded or over quota (429, 503), grown back by one call per
 * limit's worth of successes. So a fleet eases off as soon as Gemini pushes back, and recovers as
 * fast as Gemini allows.
 */
final class AdaptiveLimit {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final int min;

	private final int max;

	private double limit;

	private int inFlight;

	AdaptiveLimit(int min, int max) {
		this.min = min;
		this.max = max;
		this.limit = max;
	}

	/** How often a wait for a slot looks whether it should stop. */
	private static final long CHECK_EVERY = Duration.ofMillis(250).toNanos();

	/**
	 * Waits for a slot, or until {@code stop} says to stop waiting.
	 * @return false if none came free within {@code timeout}, or {@code stop} became true
	 */
	boolean acquire(Duration timeout, BooleanSupplier stop) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		this.lock.lock();
		try {
			while (this.inFlight >= current()) {
				long nanos = deadline - System.nanoTime();
				if (nanos <= 0 || stop.getAsBoolean()) {
					return false;
				}
				this.changed.awaitNanos(Math.min(nanos, CHECK_EVERY));
			}
			this.inFlight++;
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	void release() {
		this.lock.lock();
		try {
			this.inFlight--;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	int current() {
		this.lock.lock();
		try {
			return (int) Math.floor(this.limit);
		}
		finally {
			this.lock.unlock();
		}
	}

	int inFlight() {
		this.lock.lock();
		try {
			return this.inFlight;
		}
		finally {
			this.lock.unlock();
		}
	}

	void onSuccess() {
		resize(1.0 / Math.max(1, this.limit), false);
	}

	void onOverload() {
		resize(0, true);
	}

	private void resize(double increment, boolean halve) {
		this.lock.lock();
		try {
			double next = halve ? this.limit / 2 : this.limit + increment;
			this.limit = Math.max(this.min, Math.min(this.max, next));
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

}
