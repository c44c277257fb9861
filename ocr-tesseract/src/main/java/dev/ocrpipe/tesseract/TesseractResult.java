package dev.ocrpipe.tesseract;

/**
 * What one Tesseract reading of an image produced, so callers can store the text together with
 * how sure the engine was and how long it took.
 *
 * @param text the recognised text as Tesseract lays it out (lines end with {@code \n}); blank
 * when the image holds no text
 * @param meanConfidence Tesseract's mean word confidence, 0 to 100 (0 when nothing was found)
 * @param latencyMillis time the engine spent on this image, excluding the wait for a free engine
 */
public record TesseractResult(String text, int meanConfidence, long latencyMillis) {

	/**
	 * Tells whether the reading found any non-whitespace text.
	 * @return {@code true} when {@link #text()} is empty or only whitespace
	 */
	public boolean blank() {
		return this.text.isBlank();
	}

}
