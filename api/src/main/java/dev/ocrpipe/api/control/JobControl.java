package dev.ocrpipe.api.control;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import com.mongodb.client.model.Updates;

import dev.ocrpipe.api.audit.AuditAction;
import dev.ocrpipe.api.audit.AuditEntry;
import dev.ocrpipe.api.audit.AuditLog;
import dev.ocrpipe.api.audit.AuditTarget;
import dev.ocrpipe.api.dispatch.JobPublisher;
import dev.ocrpipe.api.jobs.JobQueries;
import dev.ocrpipe.api.jobs.JobView;
import dev.ocrpipe.api.system.ApiProblem;
import dev.ocrpipe.api.system.CurrentOwner;
import dev.ocrpipe.api.system.ProblemCode;
import dev.ocrpipe.api.system.RequestIds;
import dev.ocrpipe.api.uploads.IdempotencyStore;
import dev.ocrpipe.common.events.JobEvent;
import dev.ocrpipe.common.events.JobSubmitted;
import dev.ocrpipe.common.jobs.DocumentType;
import dev.ocrpipe.common.jobs.JobStatus;
import dev.ocrpipe.common.jobs.PageStatus;
import dev.ocrpipe.common.store.JobFields;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Cancel, retry and delete of the caller's jobs by the shared protocol. Every change is a
 * conditional update on the status it expects; when another writer (a worker, a concurrent
 * request) changed the status first, the decision is taken again on the fresh state, so two
 * concurrent requests get one winner and one idempotent or 409 answer. An admin may act on any
 * owner's job; the job's own owner is then what its events and idempotency entries carry.
 */
@Service
class JobControl {

	private static final Logger log = LoggerFactory.getLogger(JobControl.class);

	private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{24}");

	/** A status can change under us only a few times (QUEUED, RUNNING, then terminal). */
	private static final int MAX_DECISIONS = 5;

	private final ControlStore store;

	private final EventJournal journal;

	private final JobQueries queries;

	private final JobPublisher publisher;

	private final IdempotencyStore idempotency;

	private final CurrentOwner owner;

	private final Clock clock;

	private final MeterRegistry metrics;

	private final AuditLog audit;

	JobControl(ControlStore store, EventJournal journal, JobQueries queries, JobPublisher publisher,
			IdempotencyStore idempotency, CurrentOwner owner, Clock clock, MeterRegistry metrics, AuditLog audit) {
		this.store = store;
		this.journal = journal;
		this.queries = queries;
		this.publisher = publisher;
		this.idempotency = idempotency;
		this.owner = owner;
		this.clock = clock;
		this.metrics = metrics;
		this.audit = audit;
	}

	/**
	 * Cancels a QUEUED job at once, asks the workers to stop a RUNNING one (CANCELLING), and
	 * changes nothing on a job already cancelled or cancelling.
	 * @return the job as it is now
	 * @throws ApiProblem {@code JOB_ALREADY_FINISHED} for a job that ended otherwise
	 */
	JobView cancel(String id) {
		String owner = ownerOf(id);
		String outcome;
		try {
			outcome = cancel(id, owner, load(id, owner));
		}
		catch (RuntimeException ex) {
			refused(AuditAction.CANCEL, id, ex);
			throw ex;
		}
		count("cancel", outcome);
		this.audit.record(AuditEntry.success(AuditAction.CANCEL, AuditTarget.job(id)).with("result", outcome));
		return this.queries.job(id);
	}

	/**
	 * Runs the FAILED pages of a PARTIAL or FAILED job again; its finished pages stay.
	 * @return the job as it is now (RUNNING)
	 * @throws ApiProblem {@code JOB_NOT_RETRYABLE} for any other job, or one that failed as a whole
	 */
	JobView retry(String id) {
		long requeued;
		try {
			requeued = reopen(id);
		}
		catch (RuntimeException ex) {
			refused(AuditAction.RETRY, id, ex);
			throw ex;
		}
		this.audit.record(AuditEntry.success(AuditAction.RETRY, AuditTarget.job(id)).with("requeuedPages", requeued));
		return this.queries.job(id);
	}

	/** @return how many failed pages were queued again */
	private long reopen(String id) {
		String owner = ownerOf(id);
		Document job = load(id, owner);
		JobStatus status = status(job);
		if (status != JobStatus.PARTIAL && status != JobStatus.FAILED) {
			count("retry", "refused");
			throw notRetryable(id, status, "Job " + id + " is " + status
					+ "; only PARTIAL or FAILED jobs with failed pages can be retried.");
		}
		if (this.store.countPages(id, PageStatus.FAILED) == 0) {
			count("retry", "refused");
			throw notRetryable(id, status, "Job " + id + " has no failed pages to retry"
					+ ((job.get(JobFields.ERROR_CODE) != null) ? " (the document failed as a whole: "
							+ job.get(JobFields.ERROR_CODE) + "); upload a corrected document instead." : "."));
		}
		Instant now = this.clock.instant();
		if (!this.store.reopen(id, owner, now)) {
			// a concurrent retry (or a delete) got there first
			count("retry", "refused");
			JobStatus current = status(load(id, owner));
			throw notRetryable(id, current, "Job " + id + " is " + current + " now; it cannot be retried.");
		}
		long requeued = this.store.requeueFailedPages(id);
		this.store.recount(id, now);
		this.journal.append(id, (seq, doc, at) -> new JobEvent.JobStatusChanged(id, owner,
				doc.getString(JobFields.BATCH_ID), seq, at, JobStatus.RUNNING, EventJournal.counts(doc)));
		this.publisher.publish(List.of(new JobSubmitted(id, owner, string(job.get(JobFields.UPLOAD_ID)),
				documentType(job.get(JobFields.TYPE)), RequestIds.current(), now)), "retry");
		log.info("Job {} retried: {} failed page(s) queued again", id, requeued);
		count("retry", "reopened");
		return requeued;
	}

	/**
	 * Cancels the job if it is still queued or running, then removes it with everything that
	 * belongs to it: pages, events, idempotency entries that point only at it, and the stored upload.
	 */
	void delete(String id) {
		JobStatus was;
		try {
			was = remove(id);
		}
		catch (RuntimeException ex) {
			refused(AuditAction.DELETE, id, ex);
			throw ex;
		}
		this.audit.record(AuditEntry.success(AuditAction.DELETE, AuditTarget.job(id)).with("status", was));
	}

	/** @return the status the job had when it was looked up */
	private JobStatus remove(String id) {
		String owner = ownerOf(id);
		Document job = load(id, owner);
		JobStatus status = status(job);
		if (status == JobStatus.QUEUED || status == JobStatus.RUNNING) {
			try {
				cancel(id, owner, job);
			}
			catch (ApiProblem ex) {
				// it finished while we looked: nothing left to stop
			}
		}
		if (!this.store.deleteJob(id, owner)) {
			throw notFound(id);
		}
		// the job document goes first: a planner or worker that looks for it now finds nothing to do
		this.store.deleteUpload(string(job.get(JobFields.UPLOAD_ID)));
		long pages = this.store.deletePages(id);
		long events = this.store.deleteEvents(id);
		this.idempotency.forgetJob(owner, id);
		log.info("Job {} deleted with {} page(s) and {} event(s)", id, pages, events);
		count("delete", "deleted");
		return status;
	}

	/**
	 * Records a refused request: another owner's job is {@code DENIED} ({@code NOT_OWNER}), though
	 * its caller got the same 404 as for an unknown job; anything else is {@code FAILED} with the
	 * problem's code (a job not found, a state that does not allow it, an internal error).
	 */
	private void refused(AuditAction action, String id, RuntimeException ex) {
		AuditTarget target = AuditTarget.job(id);
		ProblemCode code = (ex instanceof ApiProblem problem) ? problem.code() : ProblemCode.INTERNAL_ERROR;
		if (code == ProblemCode.JOB_NOT_FOUND && isJobId(id) && existsQuietly(id)) {
			this.audit.record(AuditEntry.denied(action, target, "NOT_OWNER"));
		}
		else {
			this.audit.record(AuditEntry.failed(action, target, code.name()));
		}
	}

	/**
	 * Decides on the job's current state and retries the decision when the state changed under
	 * it. @return the outcome, for metrics
	 */
	private String cancel(String id, String owner, Document job) {
		for (int i = 0; i < MAX_DECISIONS; i++) {
			JobStatus status = status(job);
			Instant now = this.clock.instant();
			switch (status) {
				case QUEUED -> {
					if (this.store.transition(id, owner, JobStatus.QUEUED, JobStatus.CANCELLED, now,
							Updates.set(JobFields.CANCEL_REQUESTED_AT, Date.from(now)),
							Updates.set(JobFields.FINISHED_AT, Date.from(now)))) {
						this.journal.append(id, (seq, doc, at) -> new JobEvent.JobFinished(id, owner,
								doc.getString(JobFields.BATCH_ID), seq, at, JobStatus.CANCELLED, null, null,
								EventJournal.counts(doc)));
						return "cancelled";
					}
				}
				case RUNNING -> {
					if (this.store.transition(id, owner, JobStatus.RUNNING, JobStatus.CANCELLING, now,
							Updates.set(JobFields.CANCEL_REQUESTED_AT, Date.from(now)))) {
						this.journal.append(id, (seq, doc, at) -> new JobEvent.JobStatusChanged(id, owner,
								doc.getString(JobFields.BATCH_ID), seq, at, JobStatus.CANCELLING,
								EventJournal.counts(doc)));
						return "cancelling";
					}
				}
				case CANCELLING, CANCELLED -> {
					return "unchanged";
				}
				default -> {
					count("cancel", "refused");
					throw new ApiProblem(ProblemCode.JOB_ALREADY_FINISHED,
							"Job " + id + " already finished as " + status + "; there is nothing to cancel.",
							Map.of("jobId", id, "status", status.name()));
				}
			}
			job = load(id, owner);
		}
		ApiProblem busy = new ApiProblem(ProblemCode.SERVICE_UNAVAILABLE,
				"Job " + id + " keeps changing state; try again.");
		busy.getHeaders().set("Retry-After", "1");
		throw busy;
	}

	/** The caller, or for an admin the job's owner (so events and entries stay the owner's). */
	private String ownerOf(String id) {
		String caller = this.owner.id();
		if (this.owner.admin() && id != null && JOB_ID.matcher(id).matches()) {
			return this.store.ownerOf(id).orElse(caller);
		}
		return caller;
	}

	private Document load(String id, String owner) {
		if (!isJobId(id)) {
			throw notFound(id);
		}
		return this.store.findOwned(id, owner).orElseThrow(() -> notFound(id));
	}

	private boolean existsQuietly(String id) {
		try {
			return this.store.exists(id);
		}
		catch (RuntimeException ex) {
			// the request's own error is what matters; the event says JOB_NOT_FOUND
			return false;
		}
	}

	private static boolean isJobId(String id) {
		return id != null && JOB_ID.matcher(id).matches();
	}

	private static JobStatus status(Document job) {
		return JobStatus.valueOf(String.valueOf(job.get(JobFields.STATUS)));
	}

	private static DocumentType documentType(Object value) {
		return (value != null) ? DocumentType.valueOf(value.toString()) : null;
	}

	private static String string(Object value) {
		return (value != null) ? value.toString() : null;
	}

	private static ApiProblem notFound(String id) {
		return new ApiProblem(ProblemCode.JOB_NOT_FOUND, "No job " + id + ".", Map.of("jobId", String.valueOf(id)));
	}

	private static ApiProblem notRetryable(String id, JobStatus status, String detail) {
		return new ApiProblem(ProblemCode.JOB_NOT_RETRYABLE, detail, Map.of("jobId", id, "status", status.name()));
	}

	private void count(String action, String outcome) {
		this.metrics.counter("ocr.jobs.control", "action", action, "outcome", outcome).increment();
	}

}
