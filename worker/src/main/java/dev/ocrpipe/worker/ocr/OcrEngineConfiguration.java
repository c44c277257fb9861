package dev.ocrpipe.worker.ocr;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ocrpipe.worker.WorkerProperties;

/**
 * Chooses the OCR engine once at startup: {@code auto} means Gemini when a key is configured, else
 * Tesseract. Asking for Gemini without a key fails the start, naming the setting.
 */
@Configuration(proxyBeanMethods = false)
class OcrEngineConfiguration {

	private static final Logger log = LoggerFactory.getLogger(OcrEngineConfiguration.class);

	@Bean
	OcrEngine ocrEngine(WorkerProperties worker, GeminiProperties gemini, TesseractProperties tesseract) {
		OcrEngine engine = switch (worker.engine()) {
			case GEMINI -> {
				if (!gemini.configured()) {
					throw new IllegalStateException(
							"ocr.worker.engine=gemini needs ocr.worker.gemini.api-key (OCR_WORKER_GEMINI_APIKEY)");
				}
				yield new GeminiEngine(gemini);
			}
			case TESSERACT -> new TesseractEngine(tesseract);
			case AUTO -> gemini.configured() ? new GeminiEngine(gemini) : new TesseractEngine(tesseract);
		};
		log.info("OCR engine: {} ({})", engine.name(), engine.name().equals("gemini") ? gemini : tesseract);
		return engine;
	}

}
