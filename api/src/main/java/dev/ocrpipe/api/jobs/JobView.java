package dev.ocrpipe.api.jobs;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.bson.Document;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.ocrpipe.common.jobs.JobStatus;
import dev.ocrpipe.common.store.JobFields;

/**
 * The one JSON shape of a job, used by every endpoint that returns jobs (upload answers, status,
 * listings, batches, the JSON result).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(String id, String status, String owner, String batchId, String filename, String type,
		Long sizeBytes, String sha256, Pages pages, List<String> engines, Usage usage, Cost cost, String errorCode,
		String errorMessage, Instant createdAt, Instant dispatchedAt, Instant startedAt, Instant finishedAt,
		Long durationMs, List<FlaggedPage> flaggedPages, Boolean flaggedPagesTruncated, Links links) {

	/**
	 * Page counters of the job; {@code flags} (pages carrying a quality flag) is read from the page
	 * ledger, so only the single-job view has it.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Pages(int total, int done, int skipped, int failed, Integer flags) {

		public Pages(int total, int done, int skipped, int failed) {
			this(total, done, skipped, failed, null);
		}

	}

	/**
	 * Token usage summed over the job's pages.
	 */
	public record Usage(long prompt, long output, long total) {
	}

	/**
	 * What the job's OCR calls cost by the configured price table: {@code estimated} covers the
	 * {@code pricedModels} only; tokens of {@code unpricedModels} are not guessed at (null when no
	 * model is priced). Computed for the single-job view.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Cost(String currency, BigDecimal estimated, List<String> pricedModels, List<String> unpricedModels,
			List<ModelCost> byModel) {
	}

	/**
	 * Tokens and cost of the pages one model recognised; {@code cost} is null when the model has no
	 * price.
	 */
	public record ModelCost(String model, int pages, long prompt, long output, BigDecimal cost) {
	}

	/**
	 * A page worth a look: it carries quality flags, or it failed.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record FlaggedPage(int page, String status, List<String> codes, String detail) {
	}

	/**
	 * Where to find the job, its results and live events, and the actions it allows now:
	 * {@code cancel} while it is queued or running, {@code retry} when it has failed pages.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Links(String self, String result, String pages, String events, String cancel, String retry) {
	}

	/**
	 * What the page ledger says about a job, for the single-job view.
	 */
	record Details(int flaggedCount, List<FlaggedPage> flagged, boolean truncated, Cost cost) {
	}

	static String path(String id) {
		return "/api/v1/jobs/" + id;
	}

	static JobView of(Document job) {
		String id = job.getString(JobFields.ID);
		String status = Docs.string(job.get(JobFields.STATUS));
		Document counts = Docs.sub(job, JobFields.COUNTS);
		Document usage = Docs.sub(job, JobFields.USAGE);
		Instant createdAt = Docs.instant(job.get(JobFields.CREATED_AT));
		Instant finishedAt = Docs.instant(job.get(JobFields.FINISHED_AT));
		Long duration = (createdAt != null && finishedAt != null)
				? Duration.between(createdAt, finishedAt).toMillis() : null;
		Pages pages = new Pages(Docs.integer(counts.get("total")), Docs.integer(counts.get("done")),
				Docs.integer(counts.get("skipped")), Docs.integer(counts.get("failed")));
		return new JobView(id, status, job.getString(JobFields.OWNER), job.getString(JobFields.BATCH_ID),
				job.getString(JobFields.FILENAME), Docs.string(job.get(JobFields.TYPE)),
				Docs.longOrNull(job.get(JobFields.SIZE_BYTES)), job.getString(JobFields.SHA256), pages,
				Docs.strings(job.get(JobFields.ENGINES)),
				new Usage(Docs.longValue(usage.get("prompt")), Docs.longValue(usage.get("output")),
						Docs.longValue(usage.get("total"))),
				null, Docs.string(job.get(JobFields.ERROR_CODE)), job.getString(JobFields.ERROR_MESSAGE), createdAt,
				Docs.instant(job.get(JobFields.DISPATCHED_AT)), Docs.instant(job.get(JobFields.STARTED_AT)),
				finishedAt, duration, null, null, links(id, status, pages));
	}

	private static Links links(String id, String status, Pages pages) {
		String self = path(id);
		boolean active = JobStatus.QUEUED.name().equals(status) || JobStatus.RUNNING.name().equals(status);
		boolean retryable = (JobStatus.PARTIAL.name().equals(status) || JobStatus.FAILED.name().equals(status))
				&& pages.failed() > 0;
		return new Links(self, self + "/result", self + "/pages", self + "/events", active ? self + "/cancel" : null,
				retryable ? self + "/retry" : null);
	}

	/**
	 * This view with what the page ledger adds: the flag count, the flagged pages and the cost.
	 */
	JobView withDetails(Details details) {
		Pages counted = new Pages(this.pages.total(), this.pages.done(), this.pages.skipped(), this.pages.failed(),
				details.flaggedCount());
		return new JobView(this.id, this.status, this.owner, this.batchId, this.filename, this.type, this.sizeBytes,
				this.sha256, counted, this.engines, this.usage, details.cost(), this.errorCode, this.errorMessage,
				this.createdAt, this.dispatchedAt, this.startedAt, this.finishedAt, this.durationMs, details.flagged(),
				details.truncated(), this.links);
	}

	boolean terminal() {
		try {
			return JobStatus.valueOf(this.status).isTerminal();
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			return false;
		}
	}

}
