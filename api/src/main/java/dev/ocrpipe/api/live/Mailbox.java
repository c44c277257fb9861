package dev.ocrpipe.api.live;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-over between the Kafka listener thread and one stream's own thread. Offering
 * never waits (a full mailbox refuses), and closing wakes the stream's thread at once, so neither
 * a slow client nor a closing one can hold up the listener.
 */
final class Mailbox {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final ArrayDeque<LiveEvent> events;

	private final int capacity;

	private String closedBecause;

	Mailbox(int capacity) {
		this.capacity = capacity;
		this.events = new ArrayDeque<>(Math.min(capacity, 64));
	}

	int capacity() {
		return this.capacity;
	}

	/**
	 * Queues an event; false when the mailbox is full. A closed mailbox accepts and drops.
	 */
	boolean offer(LiveEvent event) {
		this.lock.lock();
		try {
			if (this.closedBecause != null) {
				return true;
			}
			if (this.events.size() >= this.capacity) {
				return false;
			}
			this.events.add(event);
			this.changed.signal();
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Closes the mailbox for the given reason (the first reason wins) and wakes its reader.
	 */
	void close(String reason) {
		this.lock.lock();
		try {
			if (this.closedBecause == null) {
				this.closedBecause = reason;
				this.events.clear();
			}
			this.changed.signal();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Why the mailbox was closed, or null while it is open.
	 */
	String closedBecause() {
		this.lock.lock();
		try {
			return this.closedBecause;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Takes every queued event, waiting up to {@code timeoutNanos} for the first; empty when
	 * nothing came or the mailbox is closed.
	 */
	List<LiveEvent> take(long timeoutNanos) throws InterruptedException {
		this.lock.lock();
		try {
			long nanos = timeoutNanos;
			while (this.events.isEmpty() && this.closedBecause == null && nanos > 0) {
				nanos = this.changed.awaitNanos(nanos);
			}
			if (this.closedBecause != null || this.events.isEmpty()) {
				return List.of();
			}
			List<LiveEvent> taken = new ArrayList<>(this.events);
			this.events.clear();
			return taken;
		}
		finally {
			this.lock.unlock();
		}
	}

}
