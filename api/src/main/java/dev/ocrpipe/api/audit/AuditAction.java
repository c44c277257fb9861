package dev.ocrpipe.api.audit;

import dev.ocrpipe.common.jobs.JobStatus;

/**
 * What an audit event records. The names are stored and queried by, so they are a contract:
 * add new ones, never rename.
 */
public enum AuditAction {

	/** A sign-in (recorded by authentication). */
	LOGIN,
	/** A refused sign-in (recorded by authentication). */
	LOGIN_FAILED,
	/** A sign-out (recorded by authentication). */
	LOGOUT,
	/** An API token issued (recorded by authentication). */
	TOKEN_CREATED,
	/** An API token revoked (recorded by authentication). */
	TOKEN_REVOKED,
	/** A job created by an upload; one per job, an idempotent replay adds none. */
	UPLOAD,
	/** A job's result handed out ({@code /result}, any format). */
	RESULT_READ,
	/** A cancel request. */
	CANCEL,
	/** A retry request. */
	RETRY,
	/** A job removed: by its owner, or by the retention sweeper ({@code system:sweeper}). */
	DELETE,
	/** The audit trail read at {@code GET /api/v1/audit}. */
	ADMIN_AUDIT_READ,
	/** A job ended SUCCEEDED. */
	JOB_SUCCEEDED,
	/** A job ended PARTIAL (some pages failed). */
	JOB_PARTIAL,
	/** A job ended FAILED. */
	JOB_FAILED,
	/** A job ended CANCELLED. */
	JOB_CANCELLED;

	/**
	 * The action recording that a job ended in {@code status}.
	 * @throws IllegalArgumentException for a status that is not terminal
	 */
	public static AuditAction finished(JobStatus status) {
		return switch (status) {
			case SUCCEEDED -> JOB_SUCCEEDED;
			case PARTIAL -> JOB_PARTIAL;
			case FAILED -> JOB_FAILED;
			case CANCELLED -> JOB_CANCELLED;
			default -> throw new IllegalArgumentException("Not a terminal status: " + status);
		};
	}

}
