package dev.ocrpipe.api.system;

import java.io.IOException;

/**
 * Raised while reading a request body that goes past its cap, so the reader stops at once and the
 * error handler can answer 413 however deep the framework wrapped it.
 */
public class BodyTooLarge extends IOException {

	public BodyTooLarge(long limit) {
		super("Request body exceeds " + limit + " bytes");
	}

	static boolean in(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof BodyTooLarge) {
				return true;
			}
		}
		return false;
	}

}
