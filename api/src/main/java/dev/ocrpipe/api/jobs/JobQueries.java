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

import dev.ocrpipe.api.audit.AuditAction;
import dev.ocrpipe.api.audit.AuditEntry;
import dev.ocrpipe.api.audit.AuditLog;
import dev.ocrpipe.api.audit.AuditTarget;
import dev.ocrpipe.api.system.ApiProblem;
import dev.ocrpipe.api.system.CurrentOwner;
import dev.ocrpipe.api.system.ProblemCode;
import dev.ocrpipe.common.jobs.JobStatus;
import dev.ocrpipe.common.store.JobFields;
import dev.ocrpipe.common.store.PageFields;

/**
 * Answers the read side of jobs for the current owner: one job, listings, batches and page
 * results; a job of another owner does not exist for the caller (404, never 403). An admin sees
 * every owner's jobs.
 */
@Service
public class JobQueries {

	/** A batch holds at most as many jobs as one request may upload; this only bounds a bad query. */
	private static final int MAX_BATCH_JOBS = 1000;

	/** At most this many flagged pages are listed on a job; {@code flaggedPagesTruncated} says when more exist. */
	static final int MAX_FLAGGED_PAGES = 100;

	private final JobRepository jobs;

	private final PageRepository pages;

	private final CurrentOwner owner;

	private final CostEstimator costs;

	private final AuditLog audit;

	JobQueries(JobRepository jobs, PageRepository pages, CurrentOwner owner, CostEstimator costs, AuditLog audit) {
		this.jobs = jobs;
		this.pages = pages;
		this.owner = owner;
		this.costs = costs;
		this.audit = audit;
	}

	/**
	 * One job of the caller with what its page ledger says (flagged pages, cost); 404 for an
	 * unknown job or another owner's.
	 */
	public JobView job(String id) {
		return details(summary(id));
	}

	/**
	 * Where the caller's job keeps its uploaded file; 404 for an unknown job or another owner's,
	 * as for the job itself.
	 */
	Original original(String id) {
		if (!Cursor.isJobId(id)) {
			throw notFound(id);
		}
		Document job = this.jobs.findOwned(id, visibleOwner()).orElseThrow(() -> notFound(id));
		return new Original(Docs.string(job.get(JobFields.UPLOAD_ID)), Docs.string(job.get(JobFields.TYPE)),
				job.getString(JobFields.FILENAME));
	}

	/** A job's stored upload: its GridFS id (null when none was stored), type and file name. */
	record Original(String uploadId, String type, String filename) {
	}

	/**
	 * One job of the caller as its document alone says (no ledger reads).
	 */
	private JobView summary(String id) {
		if (!Cursor.isJobId(id)) {
			throw notFound(id);
		}
		return this.jobs.findOwned(id, visibleOwner()).map(JobView::of).orElseThrow(() -> notFound(id));
	}

	/** The job with what its ledger says: flagged pages and cost, as {@code GET /api/v1/jobs/{id}} shows. */
	JobView details(JobView job) {
		List<Document> found = this.pages.flagged(job.id(), MAX_FLAGGED_PAGES + 1);
		boolean truncated = found.size() > MAX_FLAGGED_PAGES;
		List<JobView.FlaggedPage> flagged = found.stream().limit(MAX_FLAGGED_PAGES).map(JobQueries::flaggedPage).toList();
		int flaggedCount = (int) this.pages.countWithFlags(job.id());
		JobView.Cost cost = this.costs.estimate(this.pages.usageByModel(job.id()));
		return job.withDetails(new JobView.Details(flaggedCount, flagged, truncated, cost));
	}

	private static JobView.FlaggedPage flaggedPage(Document page) {
		List<String> codes = new ArrayList<>();
		List<String> details = new ArrayList<>();
		String status = Docs.string(page.get(PageFields.STATUS));
		String errorCode = Docs.string(page.get(PageFields.ERROR_CODE));
		if (errorCode != null) {
			codes.add(errorCode);
			if (page.get(PageFields.ERROR_MESSAGE) != null) {
				details.add(page.get(PageFields.ERROR_MESSAGE).toString());
			}
		}
		if (page.get(PageFields.FLAGS) instanceof List<?> flags) {
			for (Object flag : flags) {
				if (flag instanceof Document f) {
					String code = Docs.string(f.get("code"));
					if (code != null && !codes.contains(code)) {
						codes.add(code);
					}
					if (f.get("detail") != null) {
						details.add(f.get("detail").toString());
					}
				}
			}
		}
		return new JobView.FlaggedPage(Docs.integer(page.get(PageFields.PAGE)), status, codes,
				details.isEmpty() ? null : String.join("; ", details));
	}

	/**
	 * The job with its ledger details, if it is terminal; else a 409 telling the client to come back.
	 */
	JobView finishedJob(String id) {
		JobView job = summary(id);
		if (!job.terminal()) {
			ApiProblem problem = new ApiProblem(ProblemCode.JOB_NOT_FINISHED,
					"Job " + id + " is " + job.status() + "; its result is ready when it has finished. "
							+ "Partial results are at " + job.links().pages() + ".",
					Map.of("jobId", id, "status", job.status()));
			problem.getHeaders().set("Retry-After", "5");
			throw problem;
		}
		return details(job);
	}

	/**
	 * The finished job whose result is about to be handed out, recorded as read ({@code RESULT_READ}).
	 * A lookup of another owner's job is recorded {@code DENIED}, an unknown one {@code FAILED};
	 * a job not finished yet is not recorded, since clients poll {@code /result} until it is.
	 */
	JobView resultOf(String id, ResultFormat format) {
		JobView job;
		try {
			job = finishedJob(id);
		}
		catch (ApiProblem ex) {
			if (ex.code() == ProblemCode.JOB_NOT_FOUND) {
				this.audit.record(otherOwners(id)
						? AuditEntry.denied(AuditAction.RESULT_READ, AuditTarget.job(id), "NOT_OWNER")
						: AuditEntry.failed(AuditAction.RESULT_READ, AuditTarget.job(id), ex.code().name()));
			}
			throw ex;
		}
		this.audit.record(AuditEntry.success(AuditAction.RESULT_READ, AuditTarget.job(id))
			.with("format", format.extension())
			.with("status", job.status()));
		return job;
	}

	private boolean otherOwners(String id) {
		try {
			return Cursor.isJobId(id) && this.jobs.exists(id);
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	JobList list(String status, String cursor, int limit) {
		Set<JobStatus> statuses = parseStatuses(status);
		String beforeId = Cursor.decode(cursor);
		List<Document> found = this.jobs.list(visibleOwner(), statuses, beforeId, limit + 1);
		boolean more = found.size() > limit;
		List<JobView> items = found.stream().limit(limit).map(JobView::of).toList();
		String next = (more && !items.isEmpty()) ? Cursor.encode(items.get(items.size() - 1).id()) : null;
		return new JobList(items, next);
	}

	BatchView batch(String batchId) {
		List<Document> found = Cursor.isJobId(batchId) ? this.jobs.findBatch(visibleOwner(), batchId, MAX_BATCH_JOBS)
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
		JobView job = summary(jobId);
		// while the job runs, stop at the first page not finished yet, so that a client reading on
		// from nextAfter never skips a page that finishes later; once the job is over (a cancelled
		// job keeps unprocessed pages) nothing will fill a gap, so every finished page is listed
		boolean over = JobStatus.valueOf(job.status()).isTerminal();
		List<PageView> items = new ArrayList<>();
		int expected = after + 1;
		for (Document document : this.pages.after(jobId, after, limit)) {
			PageView page = PageView.of(document).priced(this.costs);
			if (!over && (page.page() != expected || !page.terminal())) {
				break;
			}
			if (page.terminal()) {
				items.add(page);
			}
			expected = page.page() + 1;
		}
		int nextAfter = over ? expected - 1 : (items.isEmpty() ? after : items.get(items.size() - 1).page());
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

	/** Whose jobs the caller sees: its own, or (null) everyone's for an admin. */
	private String visibleOwner() {
		return this.owner.admin() ? null : this.owner.id();
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
