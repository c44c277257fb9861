package dev.ocrpipe.api.jobs;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The price table binds model names with dots, keeps the list prices only in USD, and the
 * estimate never prices an unknown model at zero.
 */
class PricingTests {

	@Test
	void defaultsAreTheUsdListPrices() {
		PricingProperties pricing = bind(Map.of());
		assertThat(pricing.currency()).isEqualTo("USD");
		assertThat(pricing.models().get("gemini-2.5-flash").inputPerMillion()).isEqualByComparingTo("0.30");
		assertThat(pricing.models().get("gemini-2.5-flash").outputPerMillion()).isEqualByComparingTo("2.50");
		assertThat(pricing.models().get("gemini-2.5-flash-lite").outputPerMillion()).isEqualByComparingTo("0.40");
	}

	@Test
	void configuredModelsOverrideAndExtend() {
		PricingProperties pricing = bind(Map.of("ocr.api.pricing.models[gemini-2.5-flash].input-per-million", "0.5",
				"ocr.api.pricing.models[gemini-2.5-flash].output-per-million", "3",
				"ocr.api.pricing.models[gemini-3-flash].input-per-million", "1",
				"ocr.api.pricing.models[gemini-3-flash].output-per-million", "4"));
		assertThat(pricing.models().get("gemini-2.5-flash").inputPerMillion()).isEqualByComparingTo("0.5");
		assertThat(pricing.models().get("gemini-3-flash").outputPerMillion()).isEqualByComparingTo("4");
		assertThat(pricing.models()).containsKey("gemini-2.5-flash-lite");
	}

	@Test
	void anotherCurrencyDropsTheUsdPrices() {
		PricingProperties pricing = bind(Map.of("ocr.api.pricing.currency", "EUR",
				"ocr.api.pricing.models[gemini-2.5-flash].input-per-million", "0.28",
				"ocr.api.pricing.models[gemini-2.5-flash].output-per-million", "2.3"));
		assertThat(pricing.models()).containsOnlyKeys("gemini-2.5-flash");
	}

	@Test
	void estimateSumsPricedModelsAndListsTheRest() {
		CostEstimator estimator = new CostEstimator(bind(Map.of()));
		JobView.Cost cost = estimator.estimate(List.of(new CostEstimator.ModelUsage("gemini-2.5-flash", 3, 1_000_000, 100_000),
				new CostEstimator.ModelUsage("mystery", 1, 5, 5)));
		assertThat(cost.estimated()).isEqualByComparingTo(new BigDecimal("0.55"));
		assertThat(cost.estimated().scale()).isEqualTo(6);
		assertThat(cost.pricedModels()).containsExactly("gemini-2.5-flash");
		assertThat(cost.unpricedModels()).containsExactly("mystery");
		assertThat(cost.byModel().get(1).cost()).isNull();
	}

	private static PricingProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties))
			.bindOrCreate("ocr.api.pricing", PricingProperties.class);
	}


	@Test
	void aPageIsPricedByItsModelAndUsageOrNotAtAll() {
		CostEstimator estimator = new CostEstimator(bind(Map.of()));
		// 0.30 per million in, 2.50 per million out
		assertThat(estimator.pageCost("gemini-2.5-flash", new JobView.Usage(1_000, 200, 1_200)))
			.isEqualByComparingTo("0.000800");
		assertThat(estimator.pageCost("models/gemini-2.5-flash", new JobView.Usage(1_000, 200, 1_200)))
			.isEqualByComparingTo("0.000800");
		assertThat(estimator.pageCost("mystery", new JobView.Usage(1_000, 200, 1_200))).isNull();
		assertThat(estimator.pageCost("gemini-2.5-flash", null)).isNull();
		assertThat(estimator.pageCost(null, null)).isNull();
	}

}
