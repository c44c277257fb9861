package dev.ocrpipe.sandbox;

import dev.ocrpipe.common.jobs.ErrorCode;

/**
 * A document or page that cannot be processed, with a stable code and a sentence safe to show its
 * owner: our own words, never a decoder's exception text (that goes to the log).
 */
public class Refusal extends RuntimeException {

	private final ErrorCode code;

	public Refusal(ErrorCode code, String sentence) {
		super(sentence, null, false, false);
		this.code = code;
	}

	public Refusal(ErrorCode code, String sentence, Throwable cause) {
		super(sentence, cause, false, false);
		this.code = code;
	}

	public ErrorCode code() {
		return this.code;
	}

}
