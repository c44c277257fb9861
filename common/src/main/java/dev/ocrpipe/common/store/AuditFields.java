package dev.ocrpipe.common.store;

/**
 * Field names of documents in the {@code audit_events} collection: one document per recorded
 * action, so that who did what, when, from where and with which outcome can be answered after
 * the fact, even for jobs that no longer exist.
 */
public final class AuditFields {

	/**
	 * A string: an ObjectId in hex for most events; {@link #jobFinishedId(String, long)} for a
	 * job's terminal state, so that recording it again (a redelivered event, another instance)
	 * finds the first record.
	 */
	public static final String ID = "_id";

	/** When it happened (a BSON date); the TTL index on it removes old events. */
	public static final String AT = "at";

	/** Who: the caller's subject, or {@code system:worker} / {@code system:sweeper} for the machines. */
	public static final String ACTOR = "actor";

	/** What: a stable action name ({@code UPLOAD}, {@code CANCEL}, {@code JOB_SUCCEEDED} …). */
	public static final String ACTION = "action";

	/** The kind of thing acted on: {@code job}, {@code batch}, {@code token}, {@code audit}. */
	public static final String TARGET_TYPE = "targetType";

	/** The id of the thing acted on (a job id …); may be absent. */
	public static final String TARGET_ID = "targetId";

	/** {@code SUCCESS}, {@code DENIED} or {@code FAILED}. */
	public static final String OUTCOME = "outcome";

	/** Why it was denied or failed: a stable code ({@code NOT_OWNER}, {@code JOB_NOT_FOUND} …). */
	public static final String REASON = "reason";

	/** The client's address as the API resolved it; absent for system actions. */
	public static final String IP = "ip";

	/** The request id ({@code X-Request-Id}) of the request that did it. */
	public static final String REQUEST_ID = "requestId";

	/** The client's {@code User-Agent}, truncated. */
	public static final String USER_AGENT = "userAgent";

	/** A small document of action-specific facts (format read, pages requeued …). */
	public static final String DETAILS = "details";

	private AuditFields() {
	}

	/** The id of the record of a job's terminal state, taken from its {@code JobFinished} event. */
	public static String jobFinishedId(String jobId, long seq) {
		return "job:" + jobId + ":finished:" + seq;
	}

}
