package dev.ocrpipe.common.jobs;

/**
 * Lifecycle of a job: {@code QUEUED → RUNNING → SUCCEEDED | PARTIAL | FAILED}, or
 * {@code CANCELLING → CANCELLED} when a user stops it.
 */
public enum JobStatus {

	/** Stored and submitted (or waiting to be submitted) to the planner. */
	QUEUED,
	/** Planned: its pages are being processed. */
	RUNNING,
	/** Every page is DONE or SKIPPED_TEXT_LAYER. */
	SUCCEEDED,
	/** Every page is terminal and some, not all, FAILED. */
	PARTIAL,
	/** The document failed as a whole, or every page FAILED. */
	FAILED,
	/** A cancel was asked; workers stop taking its pages. */
	CANCELLING,
	/** Cancelled: pages finished before the cancel are kept. */
	CANCELLED;

	public boolean isTerminal() {
		return this == SUCCEEDED || this == PARTIAL || this == FAILED || this == CANCELLED;
	}

}
