package dev.ocrpipe.worker;

import java.time.Clock;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ocrpipe.common.config.SecretSettings;

/**
 * Cross-cutting beans: the clock, the production guard and the masking of secrets in actuator
 * output. (Indexes are created by the versioned migrations in {@code dev.ocrpipe.migrations}, run
 * once at startup.)
 */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/** Static: a bean factory post-processor must not need this configuration instantiated. */
	@Bean
	static ProductionGuard productionGuard() {
		return new ProductionGuard();
	}

	/**
	 * Masks secrets in {@code /actuator/env} and {@code /actuator/configprops} even where someone
	 * turns {@code show-values} on.
	 */
	@Bean
	SanitizingFunction secretsSanitizer() {
		return (data) -> SecretSettings.isSecret(data.getKey(), data.getValue()) ? data.withSanitizedValue() : data;
	}

}
