package dev.ocrpipe.common.store;

/**
 * MongoDB collection and GridFS bucket names.
 */
public final class Collections {

	/** One document per job; see {@link JobFields}. */
	public static final String JOBS = "jobs";

	/** The page ledger: one document per page of a planned job; see {@link PageFields}. */
	public static final String PAGES = "pages";

	/** Every job event, in order per job, for replay to clients that missed some; see {@link EventFields}. */
	public static final String JOB_EVENTS = "job_events";

	/** GridFS bucket holding the uploaded documents ({@code uploads.files}, {@code uploads.chunks}). */
	public static final String UPLOADS_BUCKET = "uploads";

	/** Idempotency keys of uploads, removed by a TTL index on {@code expiresAt}. */
	public static final String IDEMPOTENCY_KEYS = "idempotency_keys";

	/** The Gemini fleet quota windows shared by all workers, removed by a TTL index on {@code expiresAt}. */
	public static final String OCR_QUOTA = "ocr_quota";

	/** Who did what, when, from where and with which outcome; see {@link AuditFields}. Removed by a TTL index on {@code at}. */
	public static final String AUDIT_EVENTS = "audit_events";

	/** The API's rate-limit windows shared by every instance, removed by a TTL index on {@code expiresAt}. */
	public static final String RATE_LIMITS = "rate_limits";

	/** Applied migrations (Mongock's change log); see {@code docs/data.md}. */
	public static final String MIGRATIONS = "migrations";

	/** The lock that lets only one starting instance apply migrations at a time. */
	public static final String MIGRATIONS_LOCK = "migrations_lock";

	private Collections() {
	}

}
