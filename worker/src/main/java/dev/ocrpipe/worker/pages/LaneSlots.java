package dev.ocrpipe.worker.pages;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.ocrpipe.common.jobs.PageLane;

/**
 * The worker's page slots split between the lanes: interactive pages may take any free slot, bulk
 * pages at most {@code slots - reserved}, so some slots are always left for interactive pages
 * however long the bulk backlog. Page slots exceed the OCR call limit, so the bulk lane alone still
 * keeps the OCR calls busy. Thread-safe.
 */
final class LaneSlots {

	private final int slots;

	private final int reserved;

	/** Every page in flight holds one of these. */
	private final Semaphore all;

	/** Bulk pages in flight also hold one of these. */
	private final Semaphore bulk;

	LaneSlots(int slots, int reserved) {
		if (slots < 1 || reserved < 0 || (reserved > 0 && reserved >= slots)) {
			throw new IllegalArgumentException("cannot keep " + reserved + " of " + slots + " slots back");
		}
		this.slots = slots;
		this.reserved = reserved;
		this.all = new Semaphore(slots);
		this.bulk = new Semaphore(slots - reserved);
	}

	/**
	 * Takes a slot for a page of {@code lane}, waiting up to {@code wait}.
	 * @return whether it got one (then {@link #release} it once)
	 */
	boolean tryAcquire(PageLane lane, Duration wait) throws InterruptedException {
		long deadline = System.nanoTime() + wait.toNanos();
		if (lane == PageLane.BULK && !this.bulk.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
			return false;
		}
		if (this.all.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
			return true;
		}
		if (lane == PageLane.BULK) {
			this.bulk.release();
		}
		return false;
	}

	void release(PageLane lane) {
		this.all.release();
		if (lane == PageLane.BULK) {
			this.bulk.release();
		}
	}

	int slots() {
		return this.slots;
	}

	/** Slots the bulk lane may not take. */
	int reserved() {
		return this.reserved;
	}

	/** Pages in flight, both lanes. */
	int inFlight() {
		return this.slots - this.all.availablePermits();
	}

	/** Bulk pages in flight. */
	int bulkInFlight() {
		return this.slots - this.reserved - this.bulk.availablePermits();
	}

}
