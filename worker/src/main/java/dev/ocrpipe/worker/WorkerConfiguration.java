package dev.ocrpipe.worker;

import java.time.Clock;
import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Cross-cutting beans: the clock, the production guard and the masking of secrets in actuator
 * output. (Indexes are created by the versioned migrations in {@code dev.ocrpipe.migrations}, run
 * once at startup.)
 */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

	/** Keys whose values are secrets, in any spelling Boot binds ({@code api-key}, {@code apiKey}, {@code APIKEY}). */
	private static final Pattern SECRET = Pattern.compile(".*(api-?key|secret|password|passwd|token|credential).*");

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
		return (data) -> SECRET.matcher(data.getKey().toLowerCase(Locale.ROOT)).matches() ? data.withSanitizedValue()
				: data;
	}

}
