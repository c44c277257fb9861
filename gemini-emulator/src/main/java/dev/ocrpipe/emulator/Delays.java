package dev.ocrpipe.emulator;

import java.time.Duration;

/** Normalises the durations of replies and faults so {@code null} means no wait. */
final class Delays {

	private Delays() {
	}

	static Duration checked(Duration duration) {
		if (duration == null) {
			return Duration.ZERO;
		}
		if (duration.isNegative()) {
			throw new IllegalArgumentException("A duration must not be negative but was " + duration);
		}
		return duration;
	}

}
