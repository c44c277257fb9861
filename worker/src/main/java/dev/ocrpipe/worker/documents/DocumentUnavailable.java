package dev.ocrpipe.worker.documents;

import dev.ocrpipe.common.jobs.ErrorCode;

/**
 * A document cannot be processed as a whole: missing, too large, unreadable, encrypted…
 */
public class DocumentUnavailable extends RuntimeException {

	private final ErrorCode code;

	public DocumentUnavailable(ErrorCode code, String message) {
		super(message);
		this.code = code;
	}

	public DocumentUnavailable(ErrorCode code, String message, Throwable cause) {
		super(message, cause);
		this.code = code;
	}

	public ErrorCode code() {
		return this.code;
	}

}
