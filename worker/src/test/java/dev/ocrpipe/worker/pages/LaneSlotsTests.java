package dev.ocrpipe.worker.pages;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.ocrpipe.common.jobs.PageLane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LaneSlotsTests {

	@Test
	void aQuarterOfTheSlotsIsKeptBackByDefaultAtLeastOneAndNeverAll() {
		FairnessProperties fairness = new FairnessProperties(true, 20, null);
		assertThat(fairness.reserved(12)).isEqualTo(3);
		assertThat(fairness.reserved(4)).isEqualTo(1);
		assertThat(fairness.reserved(2)).isEqualTo(1);
		assertThat(fairness.reserved(1)).isZero();
		assertThat(new FairnessProperties(true, 20, 50).reserved(12)).isEqualTo(11);
		assertThat(new FairnessProperties(false, 20, 5).reserved(12)).isZero();
	}

	@Test
	void bulkPagesNeverTakeTheReservedSlots() throws InterruptedException {
		LaneSlots slots = new LaneSlots(12, 3);
		for (int i = 0; i < 9; i++) {
			assertThat(slots.tryAcquire(PageLane.BULK, Duration.ZERO)).isTrue();
		}
		assertThat(slots.tryAcquire(PageLane.BULK, Duration.ofMillis(20))).isFalse();
		assertThat(slots.bulkInFlight()).isEqualTo(9);
		// the interactive lane finds the three kept back
		for (int i = 0; i < 3; i++) {
			assertThat(slots.tryAcquire(PageLane.INTERACTIVE, Duration.ZERO)).isTrue();
		}
		assertThat(slots.tryAcquire(PageLane.INTERACTIVE, Duration.ofMillis(20))).isFalse();
		assertThat(slots.inFlight()).isEqualTo(12);
	}

	@Test
	void interactivePagesMayTakeEverySlotAndThenBulkWaitsForOneOfBoth() throws InterruptedException {
		LaneSlots slots = new LaneSlots(4, 1);
		for (int i = 0; i < 4; i++) {
			assertThat(slots.tryAcquire(PageLane.INTERACTIVE, Duration.ZERO)).isTrue();
		}
		// a bulk permit is free but no slot: the bulk page gets nothing and holds nothing
		assertThat(slots.tryAcquire(PageLane.BULK, Duration.ofMillis(20))).isFalse();
		assertThat(slots.bulkInFlight()).isZero();
		slots.release(PageLane.INTERACTIVE);
		assertThat(slots.tryAcquire(PageLane.BULK, Duration.ZERO)).isTrue();
		slots.release(PageLane.BULK);
		assertThat(slots.inFlight()).isEqualTo(3);
		assertThat(slots.bulkInFlight()).isZero();
	}

	@Test
	void withoutReservationBothLanesShareEverySlot() throws InterruptedException {
		LaneSlots slots = new LaneSlots(2, 0);
		assertThat(slots.tryAcquire(PageLane.BULK, Duration.ZERO)).isTrue();
		assertThat(slots.tryAcquire(PageLane.BULK, Duration.ZERO)).isTrue();
		assertThat(slots.tryAcquire(PageLane.INTERACTIVE, Duration.ZERO)).isFalse();
	}

	@Test
	void theBulkLaneKeepsAtLeastOneSlot() {
		assertThatIllegalArgumentException().isThrownBy(() -> new LaneSlots(4, 4));
	}

}
