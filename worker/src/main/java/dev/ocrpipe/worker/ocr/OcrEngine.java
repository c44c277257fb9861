package dev.ocrpipe.worker.ocr;

/**
 * Recognises the text of one rendered page. Implementations are thread-safe and never retry on
 * their own: retries, quotas and time limits are applied around them, once.
 */
public interface OcrEngine {

	/** The engine's name as stored on pages: {@code gemini} or {@code tesseract}. */
	String name();

	/**
	 * Recognise one page.
	 * @param page the rendered page
	 * @return what the engine answered, with its metadata
	 * @throws OcrFailure when the engine failed; {@link OcrFailure#isTransient()} says whether
	 * trying again may help
	 */
	OcrResult recognise(PageImage page);

}
