package dev.ocrpipe.api.uploads;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ocrpipe.api.system.ApiProblem;
import dev.ocrpipe.api.system.ProblemCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Idempotency keys are 1 to 255 printable ASCII characters.
 */
class IdempotencyKeyTests {

	@Test
	void absentHeaderIsNoKey() {
		assertThat(IdempotencyKey.parse(null)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "a", "4f9c2a4e-0b7d-4c55-9c1e-2f3a1b6c7d8e", "order 42/retry #1 ~!", " " })
	void printableAsciiIsAccepted(String key) {
		assertThat(IdempotencyKey.parse(key).value()).isEqualTo(key);
	}

	@Test
	void longestKeyIsAccepted() {
		assertThat(IdempotencyKey.parse("k".repeat(255))).isNotNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "caf\u00e9", "tab\there", "del\u007f", "line\nbreak", "\u0000" })
	void otherKeysAreRefused(String key) {
		assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> IdempotencyKey.parse(key))
			.satisfies((problem) -> assertThat(problem.code()).isEqualTo(ProblemCode.VALIDATION_FAILED));
	}

	@Test
	void tooLongKeyIsRefused() {
		assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> IdempotencyKey.parse("k".repeat(256)));
	}

}
