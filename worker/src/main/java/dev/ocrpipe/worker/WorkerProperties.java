package dev.ocrpipe.worker;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Settings of the worker as a whole.
 *
 * @param instanceId a name for this worker in logs and in the page ledger (defaults to the host
 * name); each start adds a random suffix so a restarted worker is told apart from its earlier self
 * @param engine which OCR engine recognises pages: {@code auto} uses Gemini when an API key is
 * set, else Tesseract
 */
@Validated
@ConfigurationProperties("ocr.worker")
public record WorkerProperties(@DefaultValue("") @Pattern(regexp = "[A-Za-z0-9._-]{0,64}") String instanceId,
		@DefaultValue("auto") @NotNull EngineChoice engine) {

	/**
	 * The {@code ocr.worker.engine} setting.
	 */
	public enum EngineChoice {

		AUTO, GEMINI, TESSERACT

	}

}
