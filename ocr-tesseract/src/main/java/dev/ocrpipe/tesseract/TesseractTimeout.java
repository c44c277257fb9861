package dev.ocrpipe.tesseract;

import java.time.Duration;

/**
 * A reading stopped because it passed its deadline: Tesseract gives up at its next check, so a
 * pathological page (noise, a huge image) cannot hold an engine for ever. The engine stays usable.
 */
public final class TesseractTimeout extends RuntimeException {

	private final Duration deadline;

	TesseractTimeout(Duration deadline) {
		super("Tesseract did not finish within " + deadline);
		this.deadline = deadline;
	}

	/**
	 * Returns the deadline the reading was given.
	 * @return the deadline
	 */
	public Duration deadline() {
		return this.deadline;
	}

}
