package dev.ocrpipe.worker.pages;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Where a page's time goes ({@code ocr.page.phase{phase}}), so a throughput gap can be traced to a
 * step instead of guessed at.
 */
final class PagePhases {

	/** The steps of a page, in order. */
	enum Phase {

		/** reading the job before the claim */
		JOB,
		/** taking the page in the ledger */
		CLAIM,
		/** reading and rendering the page, or judging its text layer */
		PREPARE,
		/** reading the job's status right before the OCR call */
		CANCEL_CHECK,
		/** the OCR engine, with its guard's waits */
		OCR,
		/** making the page terminal in the ledger */
		RECORD,
		/** counters, event number, journal and publish */
		ACCOUNT

	}

	private final Map<Phase, Timer> timers = new EnumMap<>(Phase.class);

	PagePhases(MeterRegistry meters) {
		for (Phase phase : Phase.values()) {
			this.timers.put(phase, Timer.builder("ocr.page.phase")
				.description("time pages spend in each step")
				.tag("phase", phase.name().toLowerCase(Locale.ROOT).replace('_', '-'))
				.register(meters));
		}
	}

	/**
	 * Records the time since {@code since} (a {@link System#nanoTime()}) against a phase.
	 * @return now, for the next phase
	 */
	long lap(Phase phase, long since) {
		long now = System.nanoTime();
		this.timers.get(phase).record(now - since, TimeUnit.NANOSECONDS);
		return now;
	}

}
