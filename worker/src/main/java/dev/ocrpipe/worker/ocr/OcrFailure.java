package dev.ocrpipe.worker.ocr;

import java.time.Duration;

import dev.ocrpipe.common.jobs.ErrorCode;

/**
 * An OCR call failed. Transient failures (quota, overload, timeouts, connection trouble) may be
 * retried; the others never are.
 *
 * <p>
 * Its message is a fixed, safe sentence chosen by the code (and HTTP status): it is stored on the
 * page and shown to users. What the engine or its SDK said (which may name a cloud project, a
 * quota or a key) is the {@link #detail()}, for logs only.
 */
public class OcrFailure extends RuntimeException {

	private final ErrorCode code;

	private final boolean transientFailure;

	private final Duration retryAfter;

	private final int status;

	private final String detail;

	public OcrFailure(ErrorCode code, boolean transientFailure, String detail, Duration retryAfter,
			Throwable cause) {
		this(code, transientFailure, detail, retryAfter, 0, cause);
	}

	public OcrFailure(ErrorCode code, boolean transientFailure, String detail, Duration retryAfter, int status,
			Throwable cause) {
		super(sentence(code, status), cause);
		this.code = code;
		this.transientFailure = transientFailure;
		this.retryAfter = retryAfter;
		this.status = status;
		this.detail = detail;
	}

	public static OcrFailure permanent(ErrorCode code, String detail) {
		return new OcrFailure(code, false, detail, null, null);
	}

	public static OcrFailure transientFailure(ErrorCode code, String detail, Throwable cause) {
		return new OcrFailure(code, true, detail, null, cause);
	}

	/** The sentence users see for a failure: the same for every failure of a kind, and safe to show. */
	static String sentence(ErrorCode code, int status) {
		return switch (code) {
			case OCR_UNAVAILABLE -> switch (status) {
				case 401, 403 -> "the OCR service refused this worker's credentials; an operator must fix them";
				case 429 -> "the OCR service's quota was used up; try again later";
				default -> "the OCR service was unavailable; try again later";
			};
			case OCR_TIMEOUT -> "the OCR engine did not finish the page in time";
			case OCR_REJECTED -> "the OCR engine refused the page";
			case OCR_FAILED -> "the OCR engine failed on the page";
			default -> "OCR failed (" + code + ")";
		};
	}

	public ErrorCode code() {
		return this.code;
	}

	/** What went wrong in the engine's own words, for logs only: never stored or shown to users. */
	public String detail() {
		return this.detail;
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
