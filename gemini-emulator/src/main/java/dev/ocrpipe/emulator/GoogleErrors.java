package dev.ocrpipe.emulator;

import java.math.BigDecimal;
import java.time.Duration;

/** Google's canonical status names and retry formats, kept in one place so every error matches. */
final class GoogleErrors {

	private GoogleErrors() {
	}

	static String status(int httpStatus) {
		return switch (httpStatus) {
			case 400 -> "INVALID_ARGUMENT";
			case 401 -> "UNAUTHENTICATED";
			case 403 -> "PERMISSION_DENIED";
			case 404 -> "NOT_FOUND";
			case 405 -> "METHOD_NOT_ALLOWED";
			case 409 -> "ABORTED";
			case 413 -> "INVALID_ARGUMENT";
			case 429 -> "RESOURCE_EXHAUSTED";
			case 499 -> "CANCELLED";
			case 500 -> "INTERNAL";
			case 501 -> "NOT_IMPLEMENTED";
			case 503 -> "UNAVAILABLE";
			case 504 -> "DEADLINE_EXCEEDED";
			default -> (httpStatus < 500) ? "FAILED_PRECONDITION" : "UNKNOWN";
		};
	}

	/** Seconds with up to three decimals and no trailing zeros, as in "2.5" or "0.2". */
	static String seconds(Duration duration) {
		return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
	}

	/** Whole seconds, rounded up, as the {@code Retry-After} header requires. */
	static long wholeSeconds(Duration duration) {
		long seconds = duration.getSeconds();
		return (duration.getNano() > 0) ? seconds + 1 : seconds;
	}

}
