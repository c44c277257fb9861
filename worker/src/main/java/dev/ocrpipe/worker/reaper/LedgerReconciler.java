package dev.ocrpipe.worker.reaper;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.ocrpipe.common.jobs.JobStatus;
import dev.ocrpipe.worker.ledger.JobLedger;
import dev.ocrpipe.worker.ledger.JobProgress;
import dev.ocrpipe.worker.ledger.PageEntry;
import dev.ocrpipe.worker.ledger.PageLedger;
import dev.ocrpipe.worker.pages.PageProperties;
import dev.ocrpipe.worker.planning.PageTasks;

/**
 * Closes running jobs whose pages are all terminal but whose last accounting step never ran (the
 * worker died between recording the page and closing the job), and finishes cancels that no page
 * task came along to finish. Safe on every worker at once: each close is a conditional update.
 */
@Component
class LedgerReconciler {

	private static final Logger log = LoggerFactory.getLogger(LedgerReconciler.class);

	private static final Duration QUIET = Duration.ofMinutes(1);

	private final JobLedger jobs;

	private final PageLedger pages;

	private final JobProgress progress;

	private final PageTasks tasks;

	private final Clock clock;

	private final Duration stallAfter;

	LedgerReconciler(JobLedger jobs, PageLedger pages, JobProgress progress, PageTasks tasks, Clock clock,
			PageProperties properties) {
		this.jobs = jobs;
		this.pages = pages;
		this.progress = progress;
		this.tasks = tasks;
		this.clock = clock;
		this.stallAfter = properties.stallAfter();
	}

	/**
	 * Pages held past their lease go back to the queue and get a new task; the claim that follows
	 * counts an attempt, and after {@code max-attempts} the page fails with {@code WORKER_LOST}.
	 */
	@Scheduled(initialDelayString = "${ocr.worker.reconcile-interval:60s}",
			fixedDelayString = "${ocr.worker.reconcile-interval:60s}")
	void requeueExpiredLeases() {
		for (PageEntry page : this.pages.expiredLeases(100)) {
			this.jobs.find(page.jobId())
				.filter((job) -> job.status() == JobStatus.RUNNING)
				.filter((job) -> this.pages.requeue(page.jobId(), page.page()))
				.ifPresent((job) -> {
					log.warn("page {} of job {} was held past its lease by {}; queued again", page.page(), job.id(),
							page.worker());
					this.tasks.publish(job.id(), job.uploadId(), job.type(), job.requestId(), job.counts().total(),
							List.of(page.page()));
				});
		}
	}

	@Scheduled(initialDelayString = "${ocr.worker.reconcile-interval:60s}",
			fixedDelayString = "${ocr.worker.reconcile-interval:60s}")
	void reconcile() {
		for (String jobId : this.jobs.activeSince(this.clock.instant().minus(QUIET), 100)) {
			this.jobs.find(jobId).ifPresent((job) -> {
				if (job.status() == JobStatus.CANCELLING) {
					this.progress.settleCancel(job);
					return;
				}
				PageLedger.Tally tally = this.pages.tally(jobId);
				if (tally.counts().complete()) {
					log.info("reconciling job {}: its ledger is complete", jobId);
					this.jobs.raiseCounts(job, tally.counts(), tally.usage(), null);
					this.progress.closeIfComplete(job, tally);
				}
				else if (this.jobs.quietSince(jobId, this.clock.instant().minus(this.stallAfter))
						&& !this.pages.anyRunning(jobId)) {
					// nothing happened for long and nobody holds a page: its tasks were lost (a publish
					// that failed after a retry, a topic wiped); duplicates would be harmless
					List<Integer> queued = this.pages.queuedPages(jobId);
					if (!queued.isEmpty()) {
						log.warn("job {} stalled with {} queued pages; publishing their tasks again", jobId,
								queued.size());
						this.tasks.publish(job.id(), job.uploadId(), job.type(), job.requestId(), job.counts().total(),
								queued);
						this.jobs.touch(jobId);
					}
				}
			});
		}
	}

}
