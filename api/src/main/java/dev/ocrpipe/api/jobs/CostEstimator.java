package dev.ocrpipe.api.jobs;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a job's token usage per model (from the page ledger) into an estimated cost with the
 * configured price table; a model without a price is reported as unpriced, never as free.
 */
class CostEstimator {

	/** Cost is shown to the millionth of the currency unit: a page costs fractions of a cent. */
	private static final int SCALE = 6;

	private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

	/** The name usage without a recorded model is reported under. */
	static final String UNKNOWN_MODEL = "unknown";

	private final PricingProperties pricing;

	CostEstimator(PricingProperties pricing) {
		this.pricing = pricing;
	}

	JobView.Cost estimate(List<ModelUsage> usage) {
		List<JobView.ModelCost> byModel = new ArrayList<>();
		List<String> priced = new ArrayList<>();
		List<String> unpriced = new ArrayList<>();
		BigDecimal total = BigDecimal.ZERO;
		for (ModelUsage model : merged(usage)) {
			String name = model.model();
			PricingProperties.Price price = this.pricing.models().get(name);
			BigDecimal cost = null;
			if (price != null) {
				cost = price.inputPerMillion()
					.multiply(BigDecimal.valueOf(model.prompt()))
					.add(price.outputPerMillion().multiply(BigDecimal.valueOf(model.output())))
					.divide(MILLION, SCALE, RoundingMode.HALF_UP);
				total = total.add(cost);
				priced.add(name);
			}
			else {
				unpriced.add(name);
			}
			byModel.add(new JobView.ModelCost(name, model.pages(), model.prompt(), model.output(), cost));
		}
		BigDecimal estimated = (priced.isEmpty() && !unpriced.isEmpty()) ? null : total.setScale(SCALE);
		return new JobView.Cost(this.pricing.currency(), estimated, priced, unpriced, byModel);
	}

	/**
	 * What one page cost by the price table, or {@code null} when it used no tokens or its model
	 * has no price (never priced at zero).
	 */
	BigDecimal pageCost(String model, JobView.Usage usage) {
		PricingProperties.Price price = (model != null) ? this.pricing.models().get(normalise(model)) : null;
		if (price == null || usage == null) {
			return null;
		}
		return price.inputPerMillion()
			.multiply(BigDecimal.valueOf(usage.prompt()))
			.add(price.outputPerMillion().multiply(BigDecimal.valueOf(usage.output())))
			.divide(MILLION, SCALE, RoundingMode.HALF_UP);
	}

	/** Usage per model name as priced, in name order. */
	private static Collection<ModelUsage> merged(List<ModelUsage> usage) {
		Map<String, ModelUsage> byName = new TreeMap<>();
		for (ModelUsage model : usage) {
			byName.merge(normalise(model.model()), new ModelUsage(normalise(model.model()), model.pages(),
					model.prompt(), model.output()),
					(a, b) -> new ModelUsage(a.model(), a.pages() + b.pages(), a.prompt() + b.prompt(),
							a.output() + b.output()));
		}
		return byName.values();
	}

	/** The SDK may report {@code models/<name>}; the price table is keyed by the bare name. */
	private static String normalise(String model) {
		if (model == null || model.isBlank()) {
			return UNKNOWN_MODEL;
		}
		return model.startsWith("models/") ? model.substring("models/".length()) : model;
	}

	/**
	 * Tokens used by the pages of one model.
	 */
	record ModelUsage(String model, int pages, long prompt, long output) {
	}

}
