package dev.ocrpipe.api.jobs;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the jobs feature (its indexes come from the versioned migrations in
 * {@code dev.ocrpipe.migrations}).
 */
@Configuration(proxyBeanMethods = false)
class JobsConfiguration {

	@Bean
	ResultWriter resultWriter(JsonMapper mapper, CostEstimator costs) {
		return new ResultWriter(mapper, costs);
	}

	@Bean
	CostEstimator costEstimator(PricingProperties pricing) {
		return new CostEstimator(pricing);
	}

}
