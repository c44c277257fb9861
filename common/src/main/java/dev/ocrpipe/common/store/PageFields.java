package dev.ocrpipe.common.store;

/**
 * Field names of documents in the {@code pages} collection, the page ledger. The document id is
 * {@link #idOf(String, int)}, which makes {@code (jobId, page)} unique by construction.
 */
public final class PageFields {

	public static final String ID = "_id";

	public static final String JOB_ID = "jobId";

	public static final String OWNER = "owner";

	public static final String PAGE = "page";

	public static final String STATUS = "status";

	/** {@code gemini}, {@code tesseract} or {@code text-layer}. */
	public static final String ENGINE = "engine";

	public static final String MODEL = "model";

	public static final String MODEL_VERSION = "modelVersion";

	public static final String PROMPT_VERSION = "promptVersion";

	public static final String FINISH_REASON = "finishReason";

	public static final String TEXT = "text";

	public static final String CHARS = "chars";

	public static final String USAGE = "usage";

	public static final String LATENCY_MS = "latencyMs";

	/** SHA-256 of the image sent to the OCR engine. */
	public static final String IMAGE_SHA256 = "imageSha256";

	public static final String WIDTH = "width";

	public static final String HEIGHT = "height";

	public static final String DPI = "dpi";

	/** Fraction of the rendered page covered by ink, 0 to 1. */
	public static final String INK = "ink";

	public static final String ATTEMPTS = "attempts";

	public static final String ERROR_CODE = "errorCode";

	public static final String ERROR_MESSAGE = "errorMessage";

	/** Quality flags on a page that did not fail: {@code [{code, detail}]}. */
	public static final String FLAGS = "flags";

	/** Instance id of the worker that holds or held the page. */
	public static final String WORKER = "worker";

	/** Until when the worker holding a RUNNING page may keep it. */
	public static final String LEASE_UNTIL = "leaseUntil";

	/** The job event sequence number of this page's {@code PageFinished} event. */
	public static final String SEQ = "seq";

	public static final String CREATED_AT = "createdAt";

	public static final String STARTED_AT = "startedAt";

	public static final String FINISHED_AT = "finishedAt";

	private PageFields() {
	}

	/**
	 * The ledger id of a page: the job id and the zero-padded page number, so ids sort in page order.
	 */
	public static String idOf(String jobId, int page) {
		return jobId + ":" + String.format("%06d", page);
	}

}
