package dev.ocrpipe.worker.ocr;

/**
 * What an OCR engine answered for one page, with what we record about the call.
 *
 * @param text the recognised text (never null, may be empty)
 * @param engine the engine's name
 * @param model the model asked for (Gemini) or the language data (Tesseract)
 * @param modelVersion the model version the engine reported, if any
 * @param promptVersion the version of our prompt (Gemini), or null
 * @param finishReason why generation stopped ({@code STOP} when complete), or null for engines
 * without one
 * @param usage tokens used
 * @param latencyMs how long the call took
 * @param imageSha256 SHA-256 of the image the engine received
 */
public record OcrResult(String text, String engine, String model, String modelVersion, String promptVersion,
		String finishReason, TokenUsage usage, long latencyMs, String imageSha256) {

	/**
	 * Tokens of one call or summed over several.
	 */
	public record TokenUsage(int prompt, int output, int total) {

		public static final TokenUsage NONE = new TokenUsage(0, 0, 0);

	}

}
