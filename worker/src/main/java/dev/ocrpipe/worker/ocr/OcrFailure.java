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

	public OcrFailure(ErrorCode code, boolean transientFailure, String message, Duration retryAfter,
			Throwable cause) {
		super(message, cause);
		this.code = code;
		this.transientFailure = transientFailure;
		this.retryAfter = retryAfter;
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

	/** How long the engine asked us to wait, when it said so. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
