package dev.ocrpipe.worker.pages;

import org.springframework.stereotype.Component;

import dev.ocrpipe.worker.ocr.OcrEngine;

/**
 * How many pages one worker processes at once. More slots than OCR calls by default: a page holds
 * its slot while it is read, rendered and recorded too, and the calls should not wait for that.
 */
@Component
public class PageSlots {

	/** Slots when neither the setting nor the engine says. */
	private static final int FALLBACK = 4;

	private final int count;

	PageSlots(PageProperties properties, OcrEngine engine) {
		this.count = (properties.concurrency() != null) ? properties.concurrency()
				: engine.callLimit().stream().map(PageSlots::above).findFirst().orElse(FALLBACK);
	}

	/** A call limit plus half as many again, at least two more. */
	static int above(int calls) {
		return calls + Math.max(2, (calls + 1) / 2);
	}

	public int count() {
		return this.count;
	}

}
