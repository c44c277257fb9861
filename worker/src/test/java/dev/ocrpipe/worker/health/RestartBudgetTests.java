package dev.ocrpipe.worker.health;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A container gets a bounded number of restarts per window, each after a longer wait.
 */
class RestartBudgetTests {

	private final Instant start = Instant.parse("2026-12-01T10:00:00Z");

	@Test
	void restartsWaitLongerEachTimeUpToTheMaximumAndRunOutWithinTheWindow() {
		RestartBudget budget = new RestartBudget(4, Duration.ofMinutes(10), Duration.ofSeconds(1),
				Duration.ofSeconds(3));

		assertThat(budget.take(this.start)).isEqualTo(Duration.ofSeconds(1));
		assertThat(budget.take(this.start.plusSeconds(1))).isEqualTo(Duration.ofSeconds(2));
		assertThat(budget.take(this.start.plusSeconds(2))).isEqualTo(Duration.ofSeconds(3));
		assertThat(budget.take(this.start.plusSeconds(3))).isEqualTo(Duration.ofSeconds(3));
		assertThat(budget.take(this.start.plusSeconds(4))).isNull();
		assertThat(budget.used()).isEqualTo(4);
	}

	@Test
	void restartsOlderThanTheWindowAreGivenBack() {
		RestartBudget budget = new RestartBudget(1, Duration.ofMinutes(10), Duration.ofSeconds(1),
				Duration.ofSeconds(30));

		assertThat(budget.take(this.start)).isNotNull();
		assertThat(budget.take(this.start.plus(Duration.ofMinutes(9)))).isNull();
		assertThat(budget.take(this.start.plus(Duration.ofMinutes(10)))).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void noRestartsAllowedMeansDownAtTheFirstStop() {
		assertThat(new RestartBudget(0, Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(30))
			.take(this.start)).isNull();
	}

}
