package dev.ocrpipe.worker.planning;

import org.springframework.stereotype.Component;

import dev.ocrpipe.common.jobs.PageLane;
import dev.ocrpipe.worker.ledger.JobLedger;
import dev.ocrpipe.worker.ledger.JobSnapshot;
import dev.ocrpipe.worker.ledger.PageLedger;
import dev.ocrpipe.worker.pages.FairnessProperties;

/**
 * Chooses the page lane of a job when its tasks are first published, from how much work its owner
 * has open, and records it on the job so that every later republish (planner, reconciler) uses it.
 */
@Component
class Lanes {

	private final JobLedger jobs;

	private final PageLedger pages;

	private final FairnessProperties fairness;

	Lanes(JobLedger jobs, PageLedger pages, FairnessProperties fairness) {
		this.jobs = jobs;
		this.pages = pages;
		this.fairness = fairness;
	}

	/** The job's lane: the recorded one, or one chosen now (after its pages are in the ledger). */
	PageLane of(String jobId) {
		if (!this.fairness.enabled()) {
			return PageLane.INTERACTIVE;
		}
		return this.jobs.lane(jobId).orElseGet(() -> {
			JobSnapshot job = this.jobs.find(jobId).orElse(null);
			if (job == null) {
				// gone: its tasks will be no-ops wherever they go
				return PageLane.INTERACTIVE;
			}
			long open = this.pages.openPagesOf(this.jobs.activeJobsOf(job.owner()));
			return this.jobs.recordLane(jobId, choose(open, this.fairness));
		});
	}

	/**
	 * Interactive while the owner's open pages, the job's own included, stay within
	 * {@code interactive-max-pages}; bulk beyond.
	 */
	static PageLane choose(long ownerOpenPages, FairnessProperties fairness) {
		return (!fairness.enabled() || ownerOpenPages <= fairness.interactiveMaxPages()) ? PageLane.INTERACTIVE
				: PageLane.BULK;
	}

}
