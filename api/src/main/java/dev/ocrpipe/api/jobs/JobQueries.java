package dev.ocrpipe.api.jobs;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.bson.Document;
import org.springframework.stereotype.Service;

import dev.ocrpipe.api.system.ApiProblem;
import dev.ocrpipe.api.system.CurrentOwner;
import dev.ocrpipe.api.system.ProblemCode;
import dev.ocrpipe.common.jobs.JobStatus;

/**
 * Answers the read side of jobs for the current owner: one job, listings, batches and page
 * results; a job of another owner does not exist for the caller (404, never 403).
 */
@Service
class JobQueries {

	/** A batch holds at most as many jobs as one request may upload; this only bounds a bad query. */
	private static final int MAX_BATCH_JOBS = 1000;

	private final JobRepository jobs;

	private final PageRepository pages;

	private final CurrentOwner owner;

	JobQueries(JobRepository jobs, PageRepository pages, CurrentOwner owner) {
		this.jobs = jobs;
		this.pages = pages;
		this.owner = owner;
	}

	JobView job(String id) {
		if (!Cursor.isJobId(id)) {
			throw notFound(id);
		}
		return this.jobs.findOwned(id, this.owner.id()).map(JobView::of).orElseThrow(() -> notFound(id));
	}

	/**
	 * The job, if it is terminal; else a 409 telling the client to come back.
	 */
	JobView finishedJob(String id) {
		JobView job = job(id);
		if (!job.terminal()) {
			ApiProblem problem = new ApiProblem(ProblemCode.JOB_NOT_FINISHED,
					"Job " + id + " is " + job.status() + "; its result is ready when it has finished. "
							+ "Partial results are at " + job.links().pages() + ".",
					Map.of("jobId", id, "status", job.status()));
			problem.getHeaders().set("Retry-After", "5");
			throw problem;
		}
		return job;
	}

	JobList list(String status, String cursor, int limit) {
		Set<JobStatus> statuses = parseStatuses(status);
		String beforeId = Cursor.decode(cursor);
		List<Document> found = this.jobs.list(this.owner.id(), statuses, beforeId, limit + 1);
		boolean more = found.size() > limit;
		List<JobView> items = found.stream().limit(limit).map(JobView::of).toList();
		String next = (more && !items.isEmpty()) ? Cursor.encode(items.get(items.size() - 1).id()) : null;
		return new JobList(items, next);
	}

	BatchView batch(String batchId) {
		List<Document> found = Cursor.isJobId(batchId) ? this.jobs.findBatch(this.owner.id(), batchId, MAX_BATCH_JOBS)
				: List.of();
		if (found.isEmpty()) {
			throw new ApiProblem(ProblemCode.BATCH_NOT_FOUND, "No batch " + batchId + ".", Map.of("batchId", batchId));
		}
		return BatchView.of(batchId, found.stream().map(JobView::of).toList());
	}

	/**
	 * Finished pages after {@code after}, stopping at the first page that is not finished (or not
	 * yet in the ledger), so that {@code nextAfter} never skips a page that finishes later.
	 */
	PageList pagesAfter(String jobId, int after, int limit) {
		job(jobId);
		List<PageView> items = new ArrayList<>();
		int expected = after + 1;
		for (Document document : this.pages.after(jobId, after, limit)) {
			PageView page = PageView.of(document);
			if (page.page() != expected || !page.terminal()) {
				break;
			}
			items.add(page);
			expected++;
		}
		int nextAfter = items.isEmpty() ? after : items.get(items.size() - 1).page();
		return new PageList(items, nextAfter);
	}

	Stream<Document> pageStream(String jobId) {
		return this.pages.stream(jobId);
	}

	private static Set<JobStatus> parseStatuses(String status) {
		Set<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
		if (status == null || status.isBlank()) {
			return statuses;
		}
		for (String part : status.split(",")) {
			try {
				statuses.add(JobStatus.valueOf(part.strip().toUpperCase(Locale.ROOT)));
			}
			catch (IllegalArgumentException ex) {
				throw new ApiProblem(ProblemCode.VALIDATION_FAILED, "Unknown job status.",
						Map.of("errors", List.of(Map.of("field", "status", "message",
								"must be one or more (comma-separated) of " + List.of(JobStatus.values())))));
			}
		}
		return statuses;
	}

	private static ApiProblem notFound(String id) {
		return new ApiProblem(ProblemCode.JOB_NOT_FOUND, "No job " + id + ".", Map.of("jobId", id));
	}

	/**
	 * One page of a job listing.
	 */
	record JobList(List<JobView> items, String nextCursor) {
	}

	/**
	 * Finished pages of a job and where to continue.
	 */
	record PageList(List<PageView> items, int nextAfter) {
	}

}
