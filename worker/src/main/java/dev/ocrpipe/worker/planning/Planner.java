package dev.ocrpipe.worker.planning;

import java.nio.file.Path;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

import dev.ocrpipe.common.events.JobSubmitted;
import dev.ocrpipe.common.jobs.ErrorCode;
import dev.ocrpipe.common.jobs.JobStatus;
import dev.ocrpipe.worker.documents.DocumentStore;
import dev.ocrpipe.worker.documents.DocumentUnavailable;
import dev.ocrpipe.worker.ledger.JobLedger;
import dev.ocrpipe.worker.ledger.JobProgress;
import dev.ocrpipe.worker.ledger.JobSnapshot;
import dev.ocrpipe.worker.ledger.PageLedger;

/**
 * Plans a submitted job: preflight, one ledger entry per page, one page task per page. Safe to run
 * twice for one job (Kafka delivers at least once, the API's relay may republish): a planned job
 * only gets the tasks of its still-open pages published again.
 */
@Service
public class Planner {

	private static final Logger log = LoggerFactory.getLogger(Planner.class);

	private final JobLedger jobs;

	private final PageLedger pages;

	private final JobProgress progress;

	private final DocumentStore documents;

	private final Preflight preflight;

	private final PageTasks tasks;

	Planner(JobLedger jobs, PageLedger pages, JobProgress progress, DocumentStore documents, Preflight preflight,
			PageTasks tasks) {
		this.jobs = jobs;
		this.pages = pages;
		this.progress = progress;
		this.documents = documents;
		this.preflight = preflight;
		this.tasks = tasks;
	}

	public void plan(JobSubmitted submitted) {
		JobSnapshot job = this.jobs.find(submitted.jobId()).orElse(null);
		if (job == null) {
			log.info("job {} no longer exists; nothing to plan", submitted.jobId());
			return;
		}
		if (job.status() == JobStatus.RUNNING) {
			List<Integer> open = this.pages.openPages(job.id());
			log.info("job {} is planned already; republishing its {} open pages", job.id(), open.size());
			publish(job, submitted, job.counts().total(), open);
			return;
		}
		if (job.status() == JobStatus.CANCELLING) {
			this.progress.settleCancel(job);
			return;
		}
		if (job.status() != JobStatus.QUEUED) {
			log.info("job {} is {}; nothing to plan", job.id(), job.status());
			return;
		}
		if (job.uploadId() == null || job.type() == null) {
			// the job document is the source of truth for its upload, never the message
			log.warn("job {} has no upload id or type in its job document", job.id());
			this.progress.documentFailed(job, ErrorCode.UPLOAD_MISSING, "The job has no stored document.");
			return;
		}
		int pageCount;
		try {
			Path file = this.documents.fetch(job.uploadId());
			pageCount = this.preflight.pages(file, job.type());
		}
		catch (DocumentUnavailable ex) {
			this.progress.documentFailed(job, ex.code(), ex.getMessage());
			this.documents.release(job.uploadId());
			return;
		}
		this.pages.plan(job.id(), job.owner(), pageCount);
		if (this.jobs.start(job.id(), pageCount)) {
			this.progress.started(job, pageCount);
		}
		else {
			JobSnapshot now = this.jobs.find(job.id()).orElse(null);
			if (now == null || now.status() != JobStatus.RUNNING) {
				// cancelled (or deleted) while we were reading the document
				log.info("job {} changed to {} while being planned", job.id(), (now != null) ? now.status() : "deleted");
				if (now != null) {
					this.progress.settleCancel(now);
				}
				else {
					// deleted: leave no ledger behind
					this.pages.deleteAll(job.id());
				}
				return;
			}
		}
		log.info("job {} planned: {} {} pages", job.id(), pageCount, job.type());
		publish(job, submitted, pageCount, this.pages.openPages(job.id()));
	}

	private void publish(JobSnapshot job, JobSubmitted submitted, int pageCount, List<Integer> open) {
		// page tasks still carry the upload id and type (the contract), but workers read both from
		// the job document
		this.tasks.publish(job.id(), job.uploadId(), job.type(), submitted.requestId(), pageCount, open);
	}

}
