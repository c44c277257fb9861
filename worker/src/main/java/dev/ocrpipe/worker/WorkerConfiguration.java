package dev.ocrpipe.worker;

import java.time.Clock;

import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ocrpipe.worker.ledger.PageLedger;
import dev.ocrpipe.worker.messaging.JobEventPublisher;

/**
 * Cross-cutting beans: the clock, and the indexes the worker relies on, created at startup (never
 * in the path of a page).
 */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	ApplicationRunner indexes(PageLedger pages, JobEventPublisher events) {
		return (args) -> {
			pages.ensureIndexes();
			events.ensureIndexes();
		};
	}

}
