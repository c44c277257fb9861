package dev.ocrpipe.worker.pages;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Page slots exceed the OCR call limit by default, so pages being rendered or recorded do not
 * leave a call unused.
 */
class PageSlotsTests {

	@Test
	void slotsAreTheCallLimitPlusHalfAsManyAgainAndAtLeastTwoMore() {
		assertThat(PageSlots.above(1)).isEqualTo(3);
		assertThat(PageSlots.above(2)).isEqualTo(4);
		assertThat(PageSlots.above(4)).isEqualTo(6);
		assertThat(PageSlots.above(8)).isEqualTo(12);
		assertThat(PageSlots.above(16)).isEqualTo(24);
	}

}
