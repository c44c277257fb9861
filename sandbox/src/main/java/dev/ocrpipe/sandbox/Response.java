package dev.ocrpipe.sandbox;

import dev.ocrpipe.common.jobs.ErrorCode;

/**
 * What a sandbox process answers: one response per request, in order.
 */
public sealed interface Response {

	/** A planned document. */
	record Planned(int pages) implements Response {
	}

	/** A page whose own text layer is good enough to skip OCR. */
	record TextPage(String text) implements Response {
	}

	/**
	 * A page to recognise, as 8-bit gray pixels row by row, with the page's text layer (not trusted
	 * enough to skip OCR, but worth comparing with what OCR reads).
	 *
	 * @param ink fraction of dark pixels, 0 to 1
	 */
	record Raster(int width, int height, int dpi, double ink, String textLayer, byte[] pixels) implements Response {
	}

	/** The document or page cannot be processed; {@code sentence} is safe to show. */
	record Refused(ErrorCode code, String sentence) implements Response {
	}

}
