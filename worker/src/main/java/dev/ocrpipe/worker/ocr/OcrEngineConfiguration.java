package dev.ocrpipe.worker.ocr;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

import dev.ocrpipe.worker.WorkerProperties;

/**
 * Chooses the OCR engine once at startup: {@code auto} means Gemini when a key is configured, else
 * Tesseract. Asking for Gemini without a key fails the start, naming the setting.
 */
@Configuration(proxyBeanMethods = false)
class OcrEngineConfiguration {

	private static final Logger log = LoggerFactory.getLogger(OcrEngineConfiguration.class);

	@Bean
	OcrEngine ocrEngine(WorkerProperties worker, GeminiProperties gemini, TesseractProperties tesseract,
			ObjectProvider<GuardedEngineFactory> guard) {
		boolean useGemini = switch (worker.engine()) {
			case GEMINI -> {
				if (!gemini.configured()) {
					throw new IllegalStateException(
							"ocr.worker.engine=gemini needs ocr.worker.gemini.api-key (OCR_WORKER_GEMINI_APIKEY)");
				}
				yield true;
			}
			case TESSERACT -> false;
			case AUTO -> gemini.configured();
		};
		OcrEngine engine = useGemini ? guard.getObject().guard(new GeminiEngine(gemini), gemini.model())
				: new TesseractEngine(tesseract);
		log.info("OCR engine: {} ({})", engine.name(), engine.name().equals("gemini") ? gemini : tesseract);
		return engine;
	}

	/**
	 * Builds the guard around a remote engine from the resilience4j registries the starter
	 * configures ({@code resilience4j.circuitbreaker.instances.gemini},
	 * {@code resilience4j.bulkhead.instances.gemini}).
	 */
	@Bean
	GuardedEngineFactory guardedEngineFactory(MongoTemplate mongo, GuardProperties properties,
			CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads, Pauses pauses, Clock clock,
			MeterRegistry meters) {
		return (engine, model) -> {
			FleetQuota quota = new FleetQuota(mongo, properties, model, clock, pauses);
			return new GuardedEngine(engine, quota, breakers.circuitBreaker("gemini"), bulkheads.bulkhead("gemini"),
					properties, pauses, clock, meters);
		};
	}

	/** Wraps a remote engine in its guard. */
	@FunctionalInterface
	interface GuardedEngineFactory {

		OcrEngine guard(OcrEngine engine, String model);

	}

}
