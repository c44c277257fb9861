package dev.ocrpipe.api.system;

import java.net.URI;
import java.util.Locale;

import org.springframework.http.HttpStatus;

/**
 * The stable error codes of the API; each has a {@code type} URI that clients and runbooks match
 * on, so renaming one is a breaking change.
 */
public enum ProblemCode {

	FILE_EMPTY(HttpStatus.BAD_REQUEST, "Empty file"),
	FILE_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "File too large"),
	REQUEST_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "Request too large"),
	TOO_MANY_FILES(HttpStatus.BAD_REQUEST, "Too many files"),
	NO_FILE(HttpStatus.BAD_REQUEST, "No file"),
	UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported document type"),
	MEDIA_TYPE_MISMATCH(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Declared type disagrees with the content"),
	INVALID_BASE64(HttpStatus.BAD_REQUEST, "Invalid base64"),
	JOB_NOT_FOUND(HttpStatus.NOT_FOUND, "Job not found"),
	BATCH_NOT_FOUND(HttpStatus.NOT_FOUND, "Batch not found"),
	ORIGINAL_GONE(HttpStatus.GONE, "Original file no longer stored"),
	INVALID_CURSOR(HttpStatus.BAD_REQUEST, "Invalid cursor"),
	JOB_NOT_FINISHED(HttpStatus.CONFLICT, "Job not finished"),
	JOB_ALREADY_FINISHED(HttpStatus.CONFLICT, "Job already finished"),
	JOB_NOT_RETRYABLE(HttpStatus.CONFLICT, "Job not retryable"),
	IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency key reused with another request"),
	IDEMPOTENCY_KEY_IN_PROGRESS(HttpStatus.CONFLICT, "Request with this idempotency key in progress"),
	BACKLOG_FULL(HttpStatus.TOO_MANY_REQUESTS, "Backlog full"),
	OWNER_BACKLOG_FULL(HttpStatus.TOO_MANY_REQUESTS, "Your backlog is full"),
	TOO_MANY_UPLOADS(HttpStatus.TOO_MANY_REQUESTS, "Too many uploads in progress"),
	RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
	TOO_MANY_STREAMS(HttpStatus.TOO_MANY_REQUESTS, "Too many open event streams"),
	BODY_TOO_SLOW(HttpStatus.REQUEST_TIMEOUT, "Request body too slow"),
	VALIDATION_FAILED(HttpStatus.BAD_REQUEST, "Validation failed"),
	MALFORMED_REQUEST(HttpStatus.BAD_REQUEST, "Malformed request"),
	NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
	METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
	CORS_ORIGIN_NOT_ALLOWED(HttpStatus.FORBIDDEN, "Cross-origin request not allowed"),
	UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "Authentication required"),
	FORBIDDEN(HttpStatus.FORBIDDEN, "Forbidden"),
	CSRF_INVALID(HttpStatus.FORBIDDEN, "Missing or invalid CSRF token"),
	TOKEN_SCOPE(HttpStatus.FORBIDDEN, "Token lacks the scope"),
	TOKEN_NOT_FOUND(HttpStatus.NOT_FOUND, "Token not found"),
	TOKEN_LIMIT_REACHED(HttpStatus.CONFLICT, "Too many tokens"),
	NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
	UNSUPPORTED_CONTENT_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported request content type"),
	SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable"),
	INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

	private static final String TYPE_BASE = "https://ocrpipe.dev/problems/";

	private final HttpStatus status;

	private final String title;

	ProblemCode(HttpStatus status, String title) {
		this.status = status;
		this.title = title;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String title() {
		return this.title;
	}

	/**
	 * The stable {@code type} URI, e.g. {@code https://ocrpipe.dev/problems/file-too-large}.
	 */
	public URI type() {
		return URI.create(TYPE_BASE + name().toLowerCase(Locale.ROOT).replace('_', '-'));
	}

	/**
	 * The code a framework error of this status is reported with.
	 */
	static ProblemCode forStatus(int status) {
		return switch (status) {
			case 400 -> MALFORMED_REQUEST;
			case 401 -> UNAUTHENTICATED;
			case 403 -> FORBIDDEN;
			case 404 -> NOT_FOUND;
			case 405 -> METHOD_NOT_ALLOWED;
			case 406 -> NOT_ACCEPTABLE;
			case 408 -> BODY_TOO_SLOW;
			case 413 -> REQUEST_TOO_LARGE;
			case 415 -> UNSUPPORTED_CONTENT_TYPE;
			case 429 -> RATE_LIMITED;
			case 503 -> SERVICE_UNAVAILABLE;
			default -> status >= 500 ? INTERNAL_ERROR : MALFORMED_REQUEST;
		};
	}

}
