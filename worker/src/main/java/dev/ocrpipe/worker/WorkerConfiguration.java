package dev.ocrpipe.worker;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Cross-cutting beans: the clock. (Indexes are created by the versioned migrations in
 * {@code dev.ocrpipe.migrations}, run once at startup.)
 */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
