package dev.ocrpipe.worker.ocr;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * How the worker calls Gemini. The model is a setting because new Flash versions appear every few
 * months; {@code mediaResolution} caps the tokens an image may use and is the main cost lever.
 *
 * @param apiKey the Gemini API key; blank means Gemini is not configured
 * @param baseUrl where to send requests; empty for Google's endpoint (tests and demos point it at
 * the local emulator)
 * @param apiVersion the API version path segment; empty for the SDK's default
 * @param model the model to call
 * @param timeout the time limit of one HTTP call (the SDK has none by default)
 * @param mediaResolution {@code MEDIA_RESOLUTION_LOW|MEDIUM|HIGH}, or empty to let the model decide
 * @param maxOutputTokens room for a dense page
 * @param thinkingBudget thinking tokens allowed; 0 turns thinking off where the model allows it
 * (thinking adds latency and cost without helping transcription), negative leaves it unset
 */
@Validated
@ConfigurationProperties("ocr.worker.gemini")
public record GeminiProperties(@DefaultValue("") String apiKey, URI baseUrl, @DefaultValue("") String apiVersion,
		@DefaultValue("gemini-2.5-flash") @NotBlank String model, @DefaultValue("60s") @NotNull Duration timeout,
		@DefaultValue("MEDIA_RESOLUTION_HIGH") String mediaResolution,
		@DefaultValue("8192") @Min(256) @Max(65536) int maxOutputTokens, @DefaultValue("0") int thinkingBudget) {

	public boolean configured() {
		return !this.apiKey.isBlank();
	}

	@Override
	public String toString() {
		return "GeminiProperties[baseUrl=" + this.baseUrl + ", apiVersion=" + this.apiVersion + ", model=" + this.model
				+ ", timeout=" + this.timeout + ", mediaResolution=" + this.mediaResolution + ", maxOutputTokens="
				+ this.maxOutputTokens + ", thinkingBudget=" + this.thinkingBudget + ", apiKey="
				+ (configured() ? "******" : "<none>") + "]";
	}

}
