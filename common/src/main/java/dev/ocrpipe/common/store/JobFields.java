package dev.ocrpipe.common.store;

/**
 * Field names of documents in the {@code jobs} collection.
 */
public final class JobFields {

	/** The job id: a MongoDB ObjectId in hex, so ids sort by creation time. */
	public static final String ID = "_id";

	public static final String OWNER = "owner";

	/** Groups the jobs of one multi-file upload; absent for single uploads. */
	public static final String BATCH_ID = "batchId";

	/** The original file name, sanitised; metadata only, never used as a path. */
	public static final String FILENAME = "filename";

	public static final String TYPE = "type";

	public static final String SIZE_BYTES = "sizeBytes";

	public static final String SHA256 = "sha256";

	/** GridFS file id of the stored upload. */
	public static final String UPLOAD_ID = "uploadId";

	public static final String STATUS = "status";

	public static final String ERROR_CODE = "errorCode";

	public static final String ERROR_MESSAGE = "errorMessage";

	/** Page counters: {@code counts.total|done|skipped|failed}. */
	public static final String COUNTS = "counts";

	public static final String COUNTS_TOTAL = COUNTS + ".total";

	public static final String COUNTS_DONE = COUNTS + ".done";

	public static final String COUNTS_SKIPPED = COUNTS + ".skipped";

	public static final String COUNTS_FAILED = COUNTS + ".failed";

	/** Token usage summed over pages: {@code usage.prompt|output|total}. */
	public static final String USAGE = "usage";

	public static final String USAGE_PROMPT = USAGE + ".prompt";

	public static final String USAGE_OUTPUT = USAGE + ".output";

	public static final String USAGE_TOTAL = USAGE + ".total";

	/** Engines that produced this job's pages ({@code gemini}, {@code tesseract}, {@code text-layer}). */
	public static final String ENGINES = "engines";

	/** Last per-job event sequence number handed out; the next event takes {@code eventSeq + 1}. */
	public static final String EVENT_SEQ = "eventSeq";

	/**
	 * Retry round, 0 for the first run; a retry increments it and resets the counters, and a worker
	 * raises counters only within the round it read, so numbers from before a retry cannot return.
	 */
	public static final String ROUND = "round";

	/** When a cancel was asked. */
	public static final String CANCEL_REQUESTED_AT = "cancelRequestedAt";

	public static final String REQUEST_ID = "requestId";

	/**
	 * The page lane the worker chose for the job when it first published its pages
	 * ({@code INTERACTIVE} or {@code BULK}, see {@code PageLane}); republished pages keep it.
	 */
	public static final String LANE = "lane";

	public static final String CREATED_AT = "createdAt";

	/** When {@code JobSubmitted} was acknowledged by Kafka; absent until then (the relay looks for it). */
	public static final String DISPATCHED_AT = "dispatchedAt";

	/** How many times the API tried to publish {@code JobSubmitted}. */
	public static final String DISPATCH_ATTEMPTS = "dispatchAttempts";

	public static final String STARTED_AT = "startedAt";

	public static final String FINISHED_AT = "finishedAt";

	public static final String UPDATED_AT = "updatedAt";

	/**
	 * Set by the API's retention sweeper on a finished job it is removing (a random token); such a
	 * job is never reopened.
	 */
	public static final String RETENTION_CLAIM = "retentionClaim";

	/** Until when the sweeper's claim holds; after that another instance may take the job over. */
	public static final String RETENTION_UNTIL = "retentionUntil";

	private JobFields() {
	}

}
