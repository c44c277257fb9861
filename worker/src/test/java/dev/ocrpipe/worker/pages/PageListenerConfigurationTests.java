package dev.ocrpipe.worker.pages;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.ocrpipe.worker.ocr.GuardProperties;

import static org.assertj.core.api.Assertions.assertThat;

class PageListenerConfigurationTests {

	@Test
	void thePollIntervalCoversPrefetchPagesInARowAtTheirEnforcedBounds() {
		PageProperties pages = pages(2, Duration.ofSeconds(60));
		GuardProperties guard = guard(Duration.ofMinutes(6));

		Duration interval = PageListenerConfiguration.pollInterval(pages, guard, Duration.ofMinutes(10));

		Duration onePage = Duration.ofSeconds(60).plus(Duration.ofMinutes(10)).plus(Duration.ofMinutes(6));
		assertThat(interval).isGreaterThan(onePage.multipliedBy(2));
	}

	@Test
	void thePollIntervalIsNeverBelowKafkasDefault() {
		assertThat(PageListenerConfiguration.pollInterval(pages(1, Duration.ofSeconds(1)), guard(Duration.ofSeconds(1)),
				Duration.ZERO)).isEqualTo(Duration.ofMinutes(5));
	}

	private static PageProperties pages(int prefetch, Duration renderTimeLimit) {
		return new PageProperties(null, prefetch, 200, 100, 40_000_000, Duration.ofMinutes(10), 3, 25, 160,
				Duration.ofMinutes(10), Duration.ofSeconds(30), 33_554_432, renderTimeLimit);
	}

	private static GuardProperties guard(Duration deadline) {
		return new GuardProperties(1, 5, Duration.ofSeconds(1), Duration.ofSeconds(30), deadline, 0, 0, 1500, 5);
	}

}
