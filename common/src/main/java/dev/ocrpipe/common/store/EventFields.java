package dev.ocrpipe.common.store;

/**
 * Field names of documents in the {@code job_events} collection. Writing an event is always:
 * take the job's next {@code eventSeq} ({@code $inc}, return the new value), insert the event
 * document with id {@link #idOf(String, long)} (a duplicate key means this event was written
 * before, by an earlier delivery of the same work), then publish {@link #PAYLOAD} to the
 * job-events topic keyed by job id.
 */
public final class EventFields {

	/** {@code <jobId>:<seq, 12 digits>}: unique per job and event, sorted by seq within a job. */
	public static final String ID = "_id";

	public static final String JOB_ID = "jobId";

	public static final String OWNER = "owner";

	public static final String BATCH_ID = "batchId";

	public static final String SEQ = "seq";

	/** The event's type name, as in its JSON ({@code PageFinished} …). */
	public static final String TYPE = "type";

	public static final String AT = "at";

	/** The event exactly as published, as a JSON string: what SSE clients receive. */
	public static final String PAYLOAD = "payload";

	private EventFields() {
	}

	public static String idOf(String jobId, long seq) {
		return jobId + ":" + String.format("%012d", seq);
	}

}
