package dev.ocrpipe.common.jobs;

/**
 * Lifecycle of one page in the ledger: {@code QUEUED → RUNNING → DONE | SKIPPED_TEXT_LAYER | FAILED}.
 */
public enum PageStatus {

	QUEUED,
	RUNNING,
	/** Recognised by an OCR engine. */
	DONE,
	/** The page's own text layer was good, so OCR was skipped and that text kept. */
	SKIPPED_TEXT_LAYER,
	FAILED;

	public boolean isTerminal() {
		return this == DONE || this == SKIPPED_TEXT_LAYER || this == FAILED;
	}

}
