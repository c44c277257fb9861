package dev.ocrpipe.worker.pages;

import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import dev.ocrpipe.worker.ocr.OcrEngine;
import dev.ocrpipe.worker.ocr.OcrResult;
import dev.ocrpipe.worker.ocr.PageImage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Page slots exceed the OCR call limit by default, so pages being rendered or recorded do not
 * leave a call unused, but never exceed what the heap holds.
 */
class PageSlotsTests {

	private static final long MB = 1L << 20;

	@Test
	void slotsAreTheCallLimitPlusHalfAsManyAgainAndAtLeastTwoMore() {
		assertThat(PageSlots.above(1)).isEqualTo(3);
		assertThat(PageSlots.above(2)).isEqualTo(4);
		assertThat(PageSlots.above(4)).isEqualTo(6);
		assertThat(PageSlots.above(8)).isEqualTo(12);
		assertThat(PageSlots.above(16)).isEqualTo(24);
	}

	@Test
	void aSlotIsBudgetedForAnA4PageAtTheRenderResolutionWithinThePixelCap() {
		// A4 at 200 DPI: 1654 × 2338 px, 4 bytes each
		assertThat(PageSlots.perSlot(200, 40_000_000)).isEqualTo(4L * 1654 * 2338);
		assertThat(PageSlots.perSlot(600, 4_000_000)).isEqualTo(4L * 4_000_000);
	}

	@Test
	void theHeapHoldsItsShareLessTheBaselineInSlotsAndAtLeastOne() {
		long perSlot = PageSlots.perSlot(200, 40_000_000);
		// (384 - 128) MB / 14.75 MB
		assertThat(PageSlots.fromHeap(512 * MB, perSlot)).isEqualTo(17);
		assertThat(PageSlots.fromHeap(256 * MB, perSlot)).isEqualTo(4);
		assertThat(PageSlots.fromHeap(128 * MB, perSlot)).isEqualTo(1);
		assertThat(PageSlots.fromHeap(Long.MAX_VALUE, perSlot)).isPositive();
	}

	@Test
	void theDefaultIsTheSmallerOfWhatTheEngineUsesAndWhatTheHeapHolds() {
		PageProperties defaults = defaults(null);

		assertThat(new PageSlots(defaults, engine(8), 2048 * MB).count()).isEqualTo(12);
		assertThat(new PageSlots(defaults, engine(8), 256 * MB).count()).isEqualTo(4);
		assertThat(new PageSlots(defaults, engine(8), 64 * MB).count()).isEqualTo(1);
		assertThat(new PageSlots(defaults(20), engine(8), 64 * MB).count()).isEqualTo(20);
	}

	private static PageProperties defaults(Integer concurrency) {
		return new PageProperties(concurrency, 2, 200, 100, 40_000_000, java.time.Duration.ofMinutes(10), 3, 25, 160,
				java.time.Duration.ofMinutes(10), java.time.Duration.ofSeconds(30), 33554432,
				java.time.Duration.ofSeconds(60));
	}

	private static OcrEngine engine(int calls) {
		return new OcrEngine() {
			@Override
			public String name() {
				return "test";
			}

			@Override
			public OcrResult recognise(PageImage page) {
				throw new UnsupportedOperationException();
			}

			@Override
			public OptionalInt callLimit() {
				return OptionalInt.of(calls);
			}
		};
	}

}
