package dev.ocrpipe.worker.pages;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.ocrpipe.worker.ocr.OcrEngine;

/**
 * How many pages one worker processes at once. More slots than OCR calls by default: a page holds
 * its slot while it is read, rendered and recorded too, and the calls should not wait for that. But
 * never more than the heap holds: each page in flight keeps its rendered image and what is sent for
 * it, so the default is the smaller of what the engine can use and what the heap can hold.
 */
@Component
public class PageSlots {

	private static final Logger log = LoggerFactory.getLogger(PageSlots.class);

	/** Slots when neither the setting nor the engine says. */
	private static final int FALLBACK = 4;

	/** The share of the heap pages in flight may fill, with everything else: the rest is headroom. */
	static final double HEAP_SHARE = 0.75;

	/**
	 * What the worker holds without any page (Spring, the Kafka and MongoDB clients and their
	 * buffers, caches, the consumers' fetched records): a generous estimate.
	 */
	static final long BASELINE = 128L << 20;

	/**
	 * Bytes per pixel of a page in flight: its 8-bit gray image (1), the PNG being built and its
	 * array copy (up to 2 × about 0.4 for a scan), its base64 (1.33 × the PNG) and the request the
	 * Gemini SDK serialises from it (about twice that): about 3.5, rounded up. (Tesseract instead
	 * copies the gray bytes once more.)
	 */
	static final int BYTES_PER_PIXEL = 4;

	/** A4, in inches: the page size slots are budgeted for (larger pages use the headroom). */
	private static final double A4_WIDTH = 8.27;

	private static final double A4_HEIGHT = 11.69;

	private final int count;

	@Autowired
	PageSlots(PageProperties properties, OcrEngine engine) {
		this(properties, engine, Runtime.getRuntime().maxMemory());
	}

	PageSlots(PageProperties properties, OcrEngine engine, long maxHeap) {
		if (properties.concurrency() != null) {
			this.count = properties.concurrency();
			log.info("page slots: {} (ocr.worker.pages.concurrency)", this.count);
			return;
		}
		int fromEngine = engine.callLimit().stream().map(PageSlots::above).findFirst().orElse(FALLBACK);
		long perSlot = perSlot(properties.dpi(), properties.maxPixels());
		int fromHeap = fromHeap(maxHeap, perSlot);
		this.count = Math.max(1, Math.min(fromEngine, fromHeap));
		log.info("page slots: {} = min({} for the OCR engine's call limit {}, {} for the heap: "
				+ "({}% of {} MB - {} MB) / {} MB per page at {} DPI); ocr.worker.pages.concurrency overrides",
				this.count, fromEngine, engine.callLimit().isPresent() ? engine.callLimit().getAsInt() : "(none)",
				fromHeap, Math.round(HEAP_SHARE * 100), maxHeap >> 20, BASELINE >> 20, perSlot >> 20,
				properties.dpi());
	}

	/** A call limit plus half as many again, at least two more. */
	static int above(int calls) {
		return calls + Math.max(2, (calls + 1) / 2);
	}

	/** The heap one page in flight needs: an A4 page at the render resolution, within the pixel cap. */
	static long perSlot(int dpi, long maxPixels) {
		long a4 = Math.round(A4_WIDTH * dpi) * Math.round(A4_HEIGHT * dpi);
		return BYTES_PER_PIXEL * Math.min(a4, maxPixels);
	}

	/** How many pages fit in the heap's share after the baseline: at least one. */
	static int fromHeap(long maxHeap, long perSlot) {
		long usable = (long) (maxHeap * HEAP_SHARE) - BASELINE;
		return (int) Math.max(1, Math.min(Integer.MAX_VALUE, usable / perSlot));
	}

	public int count() {
		return this.count;
	}

}
