package dev.ocrpipe.api.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.bson.Document;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.ocrpipe.common.store.JobFields;

/**
 * The one JSON shape of a job, used by every endpoint that returns jobs (upload answers, status,
 * listings, batches, the JSON result).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(String id, String status, String owner, String batchId, String filename, String type,
		Long sizeBytes, String sha256, Pages pages, List<String> engines, Usage usage, String errorCode,
		String errorMessage, Instant createdAt, Instant dispatchedAt, Instant startedAt, Instant finishedAt,
		Long durationMs, Links links) {

	/**
	 * Page counters of the job.
	 */
	public record Pages(int total, int done, int skipped, int failed) {
	}

	/**
	 * Token usage summed over the job's pages.
	 */
	public record Usage(long prompt, long output, long total) {
	}

	/**
	 * Where to find the job and its results.
	 */
	public record Links(String self, String result, String pages) {
	}

	static String path(String id) {
		return "/api/v1/jobs/" + id;
	}

	static JobView of(Document job) {
		String id = job.getString(JobFields.ID);
		Document counts = Docs.sub(job, JobFields.COUNTS);
		Document usage = Docs.sub(job, JobFields.USAGE);
		Instant createdAt = Docs.instant(job.get(JobFields.CREATED_AT));
		Instant finishedAt = Docs.instant(job.get(JobFields.FINISHED_AT));
		Long duration = (createdAt != null && finishedAt != null)
				? Duration.between(createdAt, finishedAt).toMillis() : null;
		return new JobView(id, Docs.string(job.get(JobFields.STATUS)), job.getString(JobFields.OWNER),
				job.getString(JobFields.BATCH_ID), job.getString(JobFields.FILENAME),
				Docs.string(job.get(JobFields.TYPE)), Docs.longOrNull(job.get(JobFields.SIZE_BYTES)),
				job.getString(JobFields.SHA256),
				new Pages(Docs.integer(counts.get("total")), Docs.integer(counts.get("done")),
						Docs.integer(counts.get("skipped")), Docs.integer(counts.get("failed"))),
				Docs.strings(job.get(JobFields.ENGINES)),
				new Usage(Docs.longValue(usage.get("prompt")), Docs.longValue(usage.get("output")),
						Docs.longValue(usage.get("total"))),
				Docs.string(job.get(JobFields.ERROR_CODE)), job.getString(JobFields.ERROR_MESSAGE), createdAt,
				Docs.instant(job.get(JobFields.DISPATCHED_AT)), Docs.instant(job.get(JobFields.STARTED_AT)),
				finishedAt, duration, new Links(path(id), path(id) + "/result", path(id) + "/pages"));
	}

	boolean terminal() {
		try {
			return dev.ocrpipe.common.jobs.JobStatus.valueOf(this.status).isTerminal();
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			return false;
		}
	}

}
