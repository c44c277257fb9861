package dev.ocrpipe.api.ratelimit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SlidingWindowTests {

	private static final long MINUTE = 60_000;

	/** 10:00:00 UTC on some day, a window boundary. */
	private static final long T0 = 1_700_000_040_000L - (1_700_000_040_000L % MINUTE);

	@Test
	void windowsStartOnMultiplesOfTheirLength() {
		assertThat(SlidingWindow.start(T0 + 59_999, MINUTE)).isEqualTo(T0);
		assertThat(SlidingWindow.start(T0 + 60_000, MINUTE)).isEqualTo(T0 + MINUTE);
	}

	@Test
	void withoutAPreviousWindowItIsAFixedWindow() {
		SlidingWindow.Decision tenth = SlidingWindow.decide(10, MINUTE, T0 + 15_000, 0, 10);
		assertThat(tenth.allowed()).isTrue();
		assertThat(tenth.remaining()).isZero();
		assertThat(tenth.resetSeconds()).isEqualTo(45);
		assertThat(tenth.retryAfterSeconds()).isZero();

		SlidingWindow.Decision eleventh = SlidingWindow.decide(10, MINUTE, T0 + 15_000, 0, 11);
		assertThat(eleventh.allowed()).isFalse();
		// next window: 11 * (1 - f) + 1 <= 10 once f >= 2/11, 10.9 s into it: 45 s + 10.9 s
		assertThat(eleventh.retryAfterSeconds()).isEqualTo(56);
	}

	@Test
	void thePreviousWindowWeighsByItsOverlap() {
		// a quarter into the window, 3/4 of the previous 8 still count: 6 + 4 = 10
		SlidingWindow.Decision atLimit = SlidingWindow.decide(10, MINUTE, T0 + 15_000, 8, 4);
		assertThat(atLimit.allowed()).isTrue();
		assertThat(atLimit.remaining()).isZero();
		SlidingWindow.Decision over = SlidingWindow.decide(10, MINUTE, T0 + 15_000, 8, 5);
		assertThat(over.allowed()).isFalse();
		// 8 * (60 - t) / 60 + 5 + 1 <= 10 once 60 - t <= 30: 30 s in, 15 s from now
		assertThat(over.retryAfterSeconds()).isEqualTo(15);
	}

	@Test
	void noBurstOfTwoBudgetsAroundABoundary() {
		// ten at the end of one window, then at the start of the next nearly all of them still count
		SlidingWindow.Decision next = SlidingWindow.decide(10, MINUTE, T0 + 1_000, 10, 1);
		assertThat(next.allowed()).isFalse();
		assertThat(next.retryAfterSeconds()).isGreaterThanOrEqualTo(5);
	}

	@Test
	void remainingRoundsDown() {
		SlidingWindow.Decision decision = SlidingWindow.decide(10, MINUTE, T0 + 30_000, 5, 2);
		// 2.5 + 2 = 4.5 used
		assertThat(decision.remaining()).isEqualTo(5);
		assertThat(decision.limit()).isEqualTo(10);
	}

	@Test
	void retryAfterIsAtLeastOneSecondAndWhole() {
		SlidingWindow.Decision decision = SlidingWindow.decide(1, MINUTE, T0 + 59_999, 0, 2);
		assertThat(decision.allowed()).isFalse();
		// next window: 2 * (1 - f) + 1 <= 1 needs f = 1, the end of the next window
		assertThat(decision.retryAfterSeconds()).isEqualTo(61);
		SlidingWindow.Decision soon = SlidingWindow.decide(10, MINUTE, T0 + 59_900, 6000, 5);
		assertThat(soon.allowed()).isFalse();
		assertThat(soon.retryAfterSeconds()).isEqualTo(1);
	}

	@Test
	void aRejectedCallerThatWaitsRetryAfterIsAllowed() {
		for (long previous : new long[] { 0, 3, 10, 40 }) {
			for (long current = 1; current <= 40; current++) {
				for (long at = 0; at < MINUTE; at += 7_000) {
					SlidingWindow.Decision decision = SlidingWindow.decide(10, MINUTE, T0 + at, previous, current);
					if (decision.allowed()) {
						continue;
					}
					long then = T0 + at + decision.retryAfterSeconds() * 1000;
					boolean nextWindow = then >= T0 + MINUTE;
					SlidingWindow.Decision retried = nextWindow
							? SlidingWindow.decide(10, MINUTE, then, current, 1)
							: SlidingWindow.decide(10, MINUTE, then, previous, current + 1);
					assertThat(retried.allowed()).as("previous %d, current %d, at %d ms", previous, current, at)
						.isTrue();
					if (decision.retryAfterSeconds() > 1) {
						long earlier = then - 1000;
						boolean earlierNext = earlier >= T0 + MINUTE;
						SlidingWindow.Decision tooEarly = earlierNext
								? SlidingWindow.decide(10, MINUTE, earlier, current, 1)
								: SlidingWindow.decide(10, MINUTE, earlier, previous, current + 1);
						assertThat(tooEarly.allowed()).as("a second earlier: previous %d, current %d, at %d ms",
								previous, current, at)
							.isFalse();
					}
				}
			}
		}
	}

}
