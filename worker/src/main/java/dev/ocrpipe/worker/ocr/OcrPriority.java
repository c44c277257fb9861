package dev.ocrpipe.worker.ocr;

/**
 * Whether the page on this thread is interactive (its owner has little work open), so the waits
 * for OCR capacity can serve it before bulk pages. Set by the page executor around one page, on
 * that page's own (virtual) thread; a thread without it is bulk.
 */
public final class OcrPriority {

	private static final ThreadLocal<Boolean> INTERACTIVE = new ThreadLocal<>();

	private OcrPriority() {
	}

	/** Runs {@code work} with this thread's page interactive or not. */
	public static void run(boolean interactive, Runnable work) {
		Boolean before = INTERACTIVE.get();
		INTERACTIVE.set(interactive);
		try {
			work.run();
		}
		finally {
			if (before == null) {
				INTERACTIVE.remove();
			}
			else {
				INTERACTIVE.set(before);
			}
		}
	}

	/** Whether the page on this thread is interactive. */
	public static boolean interactive() {
		return Boolean.TRUE.equals(INTERACTIVE.get());
	}

}
