package dev.ocrpipe.worker.ocr;

import java.util.OptionalInt;

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

	/**
	 * Recognise one page, running {@code beforeCall} right before each call to the engine, after
	 * any wait for a slot or quota: it may throw to make no call (the job was cancelled meanwhile).
	 * @param page the rendered page
	 * @param beforeCall the last check before paying for a call
	 * @return what the engine answered, with its metadata
	 */
	default OcrResult recognise(PageImage page, Runnable beforeCall) {
		beforeCall.run();
		return recognise(page);
	}

	/**
	 * The most calls this engine takes at once in this worker, if it has a limit of its own; page
	 * slots are sized from it.
	 */
	default OptionalInt callLimit() {
		return OptionalInt.empty();
	}

}
