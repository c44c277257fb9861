package dev.ocrpipe.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * The emulator's answer to one call, a closed set so the server can render every kind in
 * Gemini's wire shape.
 */
public sealed interface Reply permits Reply.Text, Reply.Failure, Reply.Stall {

	/**
	 * How long the emulator waits before answering, on top of any fault latency.
	 * @return the delay, never {@code null}
	 */
	Duration delay();

	/**
	 * Returns the same reply answered after a delay, to emulate a slow model.
	 * @param delay how long to wait before answering
	 * @return a copy of this reply with the delay
	 */
	Reply withDelay(Duration delay);

	/**
	 * A successful answer with finish reason {@code STOP}.
	 * @param text the text of the candidate
	 * @return the reply
	 */
	static Reply text(String text) {
		return text(text, "STOP");
	}

	/**
	 * A successful answer with any finish reason, such as {@code MAX_TOKENS}, {@code SAFETY} or
	 * {@code RECITATION}, to test how callers treat a truncated or blocked page.
	 * @param text the text of the candidate
	 * @param finishReason the finish reason as Gemini spells it
	 * @return the reply
	 */
	static Reply text(String text, String finishReason) {
		return new Text(text, finishReason, Duration.ZERO);
	}

	/**
	 * An error in Google's shape, such as 500 INTERNAL or 503 UNAVAILABLE.
	 * @param status the HTTP status
	 * @param message the error message
	 * @return the reply
	 */
	static Reply error(int status, String message) {
		return new Failure(status, message, null, Duration.ZERO);
	}

	/**
	 * An error in Google's shape that also tells the client when to retry.
	 * @param status the HTTP status
	 * @param message the error message
	 * @param retryAfter sent as the {@code Retry-After} header (whole seconds, rounded up) and
	 * as a {@code google.rpc.RetryInfo} detail
	 * @return the reply
	 */
	static Reply error(int status, String message, Duration retryAfter) {
		return new Failure(status, message, retryAfter, Duration.ZERO);
	}

	/**
	 * A 429 RESOURCE_EXHAUSTED answer whose message ends like Gemini's, "Please retry in
	 * 2.5s.", with the same delay in the {@code Retry-After} header and a RetryInfo detail.
	 * @param retryAfter when the client may retry
	 * @return the reply
	 */
	static Reply rateLimited(Duration retryAfter) {
		Objects.requireNonNull(retryAfter, "retryAfter");
		return error(429, "You exceeded your current quota (gemini-emulator). Please retry in "
				+ GoogleErrors.seconds(retryAfter) + "s.", retryAfter);
	}

	/**
	 * Holds the connection open and then answers 503 UNAVAILABLE, to make clients hit their
	 * timeouts.
	 * @param hold how long to hold the connection
	 * @return the reply
	 */
	static Reply stall(Duration hold) {
		return new Stall(hold, Duration.ZERO);
	}

	/**
	 * A successful answer.
	 *
	 * @param text the candidate's text
	 * @param finishReason the finish reason as Gemini spells it
	 * @param delay how long to wait before answering
	 */
	record Text(String text, String finishReason, Duration delay) implements Reply {

		/**
		 * Checks the components.
		 * @param text the candidate's text
		 * @param finishReason the finish reason
		 * @param delay how long to wait before answering
		 */
		public Text {
			Objects.requireNonNull(text, "text");
			Objects.requireNonNull(finishReason, "finishReason");
			delay = Delays.checked(delay);
		}

		@Override
		public Reply withDelay(Duration delay) {
			return new Text(this.text, this.finishReason, delay);
		}

	}

	/**
	 * An error answer in Google's shape.
	 *
	 * @param status the HTTP status (400 to 599)
	 * @param message the error message
	 * @param retryAfter when the client may retry, or {@code null} to send no hint
	 * @param delay how long to wait before answering
	 */
	record Failure(int status, String message, Duration retryAfter, Duration delay) implements Reply {

		/**
		 * Checks the components.
		 * @param status the HTTP status
		 * @param message the error message
		 * @param retryAfter when the client may retry, or {@code null}
		 * @param delay how long to wait before answering
		 */
		public Failure {
			if (status < 400 || status > 599) {
				throw new IllegalArgumentException("An error status must be 4xx or 5xx but was " + status);
			}
			Objects.requireNonNull(message, "message");
			if (retryAfter != null && retryAfter.isNegative()) {
				throw new IllegalArgumentException("retryAfter must not be negative");
			}
			delay = Delays.checked(delay);
		}

		@Override
		public Reply withDelay(Duration delay) {
			return new Failure(this.status, this.message, this.retryAfter, delay);
		}

	}

	/**
	 * Holds the connection, then answers 503 UNAVAILABLE (unless the client gave up first).
	 *
	 * @param hold how long to hold the connection
	 * @param delay extra wait before the hold starts
	 */
	record Stall(Duration hold, Duration delay) implements Reply {

		/**
		 * Checks the components.
		 * @param hold how long to hold the connection
		 * @param delay extra wait before the hold starts
		 */
		public Stall {
			hold = Delays.checked(hold);
			delay = Delays.checked(delay);
		}

		@Override
		public Reply withDelay(Duration delay) {
			return new Stall(this.hold, delay);
		}

	}

}
