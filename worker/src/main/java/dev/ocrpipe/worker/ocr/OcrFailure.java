package dev.ocrpipe.worker.ocr;

import java.time.Duration;

import dev.ocrpipe.common.jobs.ErrorCode;

/**
 * An OCR call failed. Transient failures (quota, overload, timeouts, connection trouble) may be
 * retried; the others never are.
 */
public class OcrFailure extends RuntimeException {

	private final ErrorCode code;

	private final boolean transientFailure;

	private final Duration retryAfter;

	private final int status;

	public OcrFailure(ErrorCode code, boolean transientFailure, String message, Duration retryAfter,
			Throwable cause) {
		this(code, transientFailure, message, retryAfter, 0, cause);
	}

	public OcrFailure(ErrorCode code, boolean transientFailure, String message, Duration retryAfter, int status,
			Throwable cause) {
		super(message, cause);
		this.code = code;
		this.transientFailure = transientFailure;
		this.retryAfter = retryAfter;
		this.status = status;
	}

	public static OcrFailure permanent(ErrorCode code, String message) {
		return new OcrFailure(code, false, message, null, null);
	}

	public static OcrFailure transientFailure(ErrorCode code, String message, Throwable cause) {
		return new OcrFailure(code, true, message, null, cause);
	}

	public ErrorCode code() {
		return this.code;
	}

	public boolean isTransient() {
		return this.transientFailure;
	}

	/** The HTTP status the engine answered with, or 0. */
	public int status() {
		return this.status;
	}

	/** Whether the engine said it is over quota or overloaded (429, 503): a reason to ease off. */
	public boolean isOverload() {
		return this.status == 429 || this.status == 503;
	}

	/** How long the engine asked us to wait, when it said so. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
