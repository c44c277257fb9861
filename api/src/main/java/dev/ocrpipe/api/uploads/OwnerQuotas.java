package dev.ocrpipe.api.uploads;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import dev.ocrpipe.api.system.ApiProblem;
import dev.ocrpipe.api.system.ProblemCode;
import dev.ocrpipe.common.jobs.JobStatus;
import dev.ocrpipe.common.jobs.PageStatus;
import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.common.store.JobFields;
import dev.ocrpipe.common.store.PageFields;

/**
 * Per-owner quotas, beside the global admission control: how many pages an owner may have waiting
 * (read from MongoDB, so shared by every API instance) and how many uploads an owner may have in
 * progress on this instance. Refusals are {@code 429} problems with {@code Retry-After}, counted in
 * {@code ocr.quotas.refused} by code.
 */
@Component
class OwnerQuotas {

	private static final List<String> OPEN_PAGES = List.of(PageStatus.QUEUED.name(), PageStatus.RUNNING.name());

	private final MongoCollection<Document> pages;

	private final MongoCollection<Document> jobs;

	private final QuotaProperties properties;

	private final MeterRegistry meters;

	private final Map<String, AtomicInteger> uploading = new ConcurrentHashMap<>();

	private final AtomicInteger inProgress = new AtomicInteger();

	OwnerQuotas(MongoTemplate mongo, QuotaProperties properties, MeterRegistry meters) {
		this.pages = mongo.getCollection(Collections.PAGES);
		this.jobs = mongo.getCollection(Collections.JOBS);
		this.properties = properties;
		this.meters = meters;
		Gauge.builder("ocr.uploads.in_progress", this.inProgress, AtomicInteger::get)
			.description("upload requests in progress on this API instance")
			.register(meters);
	}

	/**
	 * Starts one upload of {@code owner}; close what it returns when the request is answered.
	 * @throws ApiProblem {@code TOO_MANY_UPLOADS} when the owner has the most uploads in progress
	 */
	Upload startUpload(String owner) {
		int max = this.properties.maxConcurrentUploads();
		int[] now = new int[1];
		// counted and uncounted inside the map's own lock, so an entry is never dropped while in use
		this.uploading.compute(owner, (key, current) -> {
			AtomicInteger count = (current != null) ? current : new AtomicInteger();
			now[0] = count.incrementAndGet();
			return count;
		});
		this.inProgress.incrementAndGet();
		Upload upload = new Upload(owner);
		if (max > 0 && now[0] > max) {
			upload.close();
			throw refused(ProblemCode.TOO_MANY_UPLOADS,
					"You have " + max + " uploads in progress already; send this one when one of them is answered.",
					Map.of("maxConcurrentUploads", max), this.properties.uploadsRetryAfter());
		}
		return upload;
	}

	/**
	 * @throws ApiProblem {@code OWNER_BACKLOG_FULL} when {@code files} more jobs would take the
	 * owner's backlog over the quota
	 */
	void checkBacklog(String owner, int files) {
		long max = this.properties.maxBacklogPages();
		if (max <= 0) {
			return;
		}
		long backlog = backlog(owner);
		if (backlog + files > max) {
			throw refused(ProblemCode.OWNER_BACKLOG_FULL,
					"You have " + backlog + " pages waiting; at most " + max
							+ " may wait at once. Send more once some of your jobs have finished.",
					Map.of("backlog", backlog, "maxBacklog", max), this.properties.backlogRetryAfter());
		}
	}

	/**
	 * The open pages of the owner's running (or cancelling) jobs, and their jobs not planned yet
	 * counted as one page each. Pages of cancelled jobs may stay QUEUED in the ledger: they do not
	 * count.
	 */
	private long backlog(String owner) {
		List<String> active = new ArrayList<>();
		this.jobs
			.find(Filters.and(Filters.eq(JobFields.OWNER, owner),
					Filters.in(JobFields.STATUS, JobStatus.RUNNING.name(), JobStatus.CANCELLING.name())))
			.projection(Projections.include(JobFields.ID))
			.forEach((job) -> active.add(String.valueOf(job.get(JobFields.ID))));
		long open = active.isEmpty() ? 0 : this.pages
			.countDocuments(Filters.and(Filters.in(PageFields.JOB_ID, active), Filters.in(PageFields.STATUS, OPEN_PAGES)));
		return open + this.jobs.countDocuments(
				Filters.and(Filters.eq(JobFields.OWNER, owner), Filters.eq(JobFields.STATUS, JobStatus.QUEUED.name())));
	}

	private ApiProblem refused(ProblemCode code, String detail, Map<String, Object> properties, Duration retryAfter) {
		Counter.builder("ocr.quotas.refused")
			.description("uploads refused for a per-owner quota, by problem code")
			.tag("code", code.name())
			.register(this.meters)
			.increment();
		ApiProblem problem = new ApiProblem(code, detail, properties);
		problem.getHeaders().set("Retry-After", String.valueOf(Math.max(1, retryAfter.toSeconds())));
		return problem;
	}

	/** One upload in progress; closing it twice counts once. */
	final class Upload implements AutoCloseable {

		private final String owner;

		private boolean closed;

		private Upload(String owner) {
			this.owner = owner;
		}

		@Override
		public synchronized void close() {
			if (this.closed) {
				return;
			}
			this.closed = true;
			OwnerQuotas.this.inProgress.decrementAndGet();
			// the owner's entry goes once nothing of theirs is in progress, so the map stays small
			OwnerQuotas.this.uploading.computeIfPresent(this.owner,
					(key, current) -> (current.decrementAndGet() <= 0) ? null : current);
		}

	}

}
