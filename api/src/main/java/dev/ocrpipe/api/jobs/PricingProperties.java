package dev.ocrpipe.api.jobs;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The price table behind each job's {@code cost}: prices per million tokens by model name, so the
 * estimate follows the models a deployment really uses. Model names contain dots, so configure
 * them with brackets: {@code ocr.api.pricing.models[gemini-2.5-flash].input-per-million=0.30}.
 * Configured models override or extend the built-in list prices, which apply only while the
 * currency is USD (they are USD prices).
 *
 * @param currency ISO 4217 code the prices are in
 * @param models price per model name as stored on pages ({@code model})
 */
@Validated
@ConfigurationProperties("ocr.api.pricing")
record PricingProperties(@DefaultValue("USD") @NotNull @Pattern(regexp = "[A-Z]{3}") String currency,
		Map<String, @Valid @NotNull Price> models) {

	/**
	 * Google's published paid-tier list prices in USD per million tokens (image and text input
	 * alike; output includes thinking tokens) as of mid-2025. They are list prices to be checked
	 * against https://ai.google.dev/gemini-api/docs/pricing before the estimate is relied on;
	 * negotiated or changed prices belong in configuration.
	 */
	static final Map<String, Price> USD_LIST_PRICES = Map.of("gemini-2.5-flash",
			new Price(new BigDecimal("0.30"), new BigDecimal("2.50")), "gemini-2.5-flash-lite",
			new Price(new BigDecimal("0.10"), new BigDecimal("0.40")));

	PricingProperties {
		Map<String, Price> merged = new TreeMap<>();
		if ("USD".equals(currency)) {
			merged.putAll(USD_LIST_PRICES);
		}
		if (models != null) {
			merged.putAll(models);
		}
		models = java.util.Collections.unmodifiableMap(merged);
	}

	/**
	 * What a million tokens of one model cost.
	 *
	 * @param inputPerMillion price of a million prompt (input) tokens
	 * @param outputPerMillion price of a million output tokens
	 */
	record Price(@NotNull @DecimalMin("0") BigDecimal inputPerMillion,
			@NotNull @DecimalMin("0") BigDecimal outputPerMillion) {
	}

}
