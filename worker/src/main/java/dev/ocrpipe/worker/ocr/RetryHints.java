package dev.ocrpipe.worker.ocr;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Gemini's retry hint from an error message. The SDK does not expose the
 * {@code Retry-After} header, but the error body carries the same hint as a
 * {@code google.rpc.RetryInfo} {@code retryDelay} ("2.5s") or in the text ("Please retry in 2.5s").
 */
final class RetryHints {

	private static final Pattern RETRY_DELAY = Pattern.compile("\"retryDelay\"\\s*:\\s*\"(\\d+(?:\\.\\d+)?)s\"");

	private static final Pattern RETRY_IN = Pattern.compile("[Pp]lease retry in (\\d+(?:\\.\\d+)?)\\s*s");

	private RetryHints() {
	}

	/** The delay asked for, or null when the message has none. */
	static Duration retryAfter(String message) {
		if (message == null) {
			return null;
		}
		for (Pattern pattern : new Pattern[] { RETRY_DELAY, RETRY_IN }) {
			Matcher matcher = pattern.matcher(message);
			if (matcher.find()) {
				return Duration.ofMillis(Math.round(Double.parseDouble(matcher.group(1)) * 1000));
			}
		}
		return null;
	}

}
