package dev.ocrpipe.worker.ocr;

/**
 * The worker is shutting down while a page waits in OCR: the page is handed back, not failed.
 */
public class WorkerStopping extends RuntimeException {

	public WorkerStopping() {
		super("the worker is stopping", null, false, false);
	}

}
