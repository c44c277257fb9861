package dev.ocrpipe.common.events;

/**
 * Page counters of a job at one moment.
 *
 * @param total pages in the document (0 until planned)
 * @param done pages recognised by an OCR engine
 * @param skipped pages whose own text layer was good enough ({@code SKIPPED_TEXT_LAYER})
 * @param failed pages that failed for good
 */
public record PageCounts(int total, int done, int skipped, int failed) {

	public int finished() {
		return this.done + this.skipped + this.failed;
	}

	public boolean complete() {
		return this.total > 0 && finished() >= this.total;
	}

}
