package dev.ocrpipe.common.events;

/**
 * Topic names, versioned so that a breaking contract change gets a new topic. Job messages and
 * job events are keyed by job id, so one job's messages stay ordered; page tasks are keyed by
 * page ({@code <jobId>:<page>}) so that the pages of one document spread over all workers.
 */
public final class Topics {

	/** {@link JobSubmitted}: the API stored an upload and wants it planned. */
	public static final String JOB_SUBMITTED = "ocr.job-submitted.v1";

	/**
	 * {@link PageRequested}: one page of a planned job waits for rendering and OCR; the interactive
	 * lane, for jobs of owners with little work open (see {@code PageLane}).
	 */
	public static final String PAGE_REQUESTED = "ocr.page-requested.v1";

	/**
	 * {@link PageRequested}, the bulk lane: pages of owners with much work open. Workers never let
	 * this lane take every page slot, so the interactive lane never waits behind it.
	 */
	public static final String PAGE_REQUESTED_BULK = "ocr.page-requested-bulk.v1";

	/** {@link JobEvent}: progress from workers, consumed by every API instance for SSE. */
	public static final String JOB_EVENTS = "ocr.job-events.v1";

	/** Suffix of the dead-letter topic of each topic above. */
	public static final String DEAD_LETTER_SUFFIX = "-dlt";

	private Topics() {
	}

}
