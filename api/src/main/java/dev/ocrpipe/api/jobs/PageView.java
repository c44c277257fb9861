package dev.ocrpipe.api.jobs;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.bson.Document;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.ocrpipe.common.store.PageFields;

/**
 * The JSON shape of one page result, used by the pages endpoint and the JSON result.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PageView(int page, String status, String engine, String model, String modelVersion,
		String promptVersion, String finishReason, String text, JobView.Usage usage, BigDecimal cost, Long latencyMs,
		String imageSha256, List<Flag> flags, String errorCode, String errorMessage, Instant finishedAt) {

	/**
	 * A quality flag on a page that did not fail.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Flag(String code, String detail) {
	}

	static PageView of(Document page) {
		Object usageValue = page.get(PageFields.USAGE);
		JobView.Usage usage = null;
		if (usageValue instanceof Document u) {
			usage = new JobView.Usage(Docs.longValue(u.get("prompt")), Docs.longValue(u.get("output")),
					Docs.longValue(u.get("total")));
		}
		List<Flag> flags = null;
		if (page.get(PageFields.FLAGS) instanceof List<?> list) {
			flags = list.stream()
				.filter(Document.class::isInstance)
				.map(Document.class::cast)
				.map((f) -> new Flag(Docs.string(f.get("code")), Docs.string(f.get("detail"))))
				.toList();
		}
		return new PageView(Docs.integer(page.get(PageFields.PAGE)), Docs.string(page.get(PageFields.STATUS)),
				Docs.string(page.get(PageFields.ENGINE)), Docs.string(page.get(PageFields.MODEL)),
				Docs.string(page.get(PageFields.MODEL_VERSION)), Docs.string(page.get(PageFields.PROMPT_VERSION)),
				Docs.string(page.get(PageFields.FINISH_REASON)), Docs.string(page.get(PageFields.TEXT)), usage, null,
				Docs.longOrNull(page.get(PageFields.LATENCY_MS)), Docs.string(page.get(PageFields.IMAGE_SHA256)), flags,
				Docs.string(page.get(PageFields.ERROR_CODE)), Docs.string(page.get(PageFields.ERROR_MESSAGE)),
				Docs.instant(page.get(PageFields.FINISHED_AT)));
	}

	/** This page with its estimated cost ({@code cost}, in the price table's currency), when its model is priced. */
	PageView priced(CostEstimator costs) {
		BigDecimal estimate = costs.pageCost(this.model, this.usage);
		return (estimate == null) ? this
				: new PageView(this.page, this.status, this.engine, this.model, this.modelVersion, this.promptVersion,
						this.finishReason, this.text, this.usage, estimate, this.latencyMs, this.imageSha256, this.flags,
						this.errorCode, this.errorMessage, this.finishedAt);
	}

	boolean terminal() {
		try {
			return dev.ocrpipe.common.jobs.PageStatus.valueOf(this.status).isTerminal();
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			return false;
		}
	}

	boolean failed() {
		return "FAILED".equals(this.status);
	}

}
