package dev.ocrpipe.worker.ledger;

import java.time.Clock;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import dev.ocrpipe.common.events.JobEvent;
import dev.ocrpipe.common.events.PageCounts;
import dev.ocrpipe.common.jobs.ErrorCode;
import dev.ocrpipe.common.jobs.JobStatus;
import dev.ocrpipe.worker.messaging.JobEventPublisher;

/**
 * Accounts for progress: after a page ends, derives the job's counters from the ledger, publishes
 * the page's event under its own sequence number and closes the job when every page is terminal.
 * Every step may run again after a crash or a redelivery and changes nothing the second time.
 */
@Component
public class JobProgress {

	private static final Logger log = LoggerFactory.getLogger(JobProgress.class);

	private final JobLedger jobs;

	private final PageLedger pages;

	private final JobEventPublisher events;

	private final Clock clock;

	JobProgress(JobLedger jobs, PageLedger pages, JobEventPublisher events, Clock clock) {
		this.jobs = jobs;
		this.pages = pages;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * The planner split the job into pages.
	 */
	public void started(JobSnapshot job, int pageCount) {
		long seq = this.jobs.nextSeq(job.id());
		this.events.publish(new JobEvent.JobStarted(job.id(), job.owner(), job.batchId(), seq, this.clock.instant(), pageCount));
	}

	/**
	 * The whole document failed before any page was planned.
	 */
	public void documentFailed(JobSnapshot job, ErrorCode code, String message) {
		if (this.jobs.failDocument(job.id(), code, message)) {
			log.info("job {} failed: {} {}", job.id(), code, message);
			long seq = this.jobs.nextSeq(job.id());
			this.events.publish(new JobEvent.JobFinished(job.id(), job.owner(), job.batchId(), seq, this.clock.instant(),
					JobStatus.FAILED, code, message, new PageCounts(0, 0, 0, 0)));
		}
	}

	/**
	 * A page is terminal (now, or already before a redelivery): bring the job's counters up to date,
	 * give the page its event number (in the same update of the job when it has none yet), publish,
	 * and close the job if it was the last page.
	 * @return the job as the counters update left it, when that update read it back (a page
	 * numbered just now): callers learn of a cancel without reading the job again
	 */
	public Optional<JobSnapshot> pageFinished(JobSnapshot job, PageEntry page, String preview) {
		PageLedger.Tally tally = this.pages.tally(job.id());
		Long seq = page.seq();
		JobSnapshot after = null;
		if (seq == null) {
			after = this.jobs.raiseCountsAndNumber(job, tally.counts(), tally.usage(), page.engine()).orElse(null);
			// another retry round: the counters are not ours to raise, but the event still needs a number
			long candidate = (after != null) ? after.eventSeq() : this.jobs.nextSeq(job.id());
			seq = this.pages.assignSeq(job.id(), page.page(), candidate) ? candidate
					: this.pages.find(job.id(), page.page()).map(PageEntry::seq).orElse(candidate);
		}
		else {
			this.jobs.raiseCounts(job, tally.counts(), tally.usage(), page.engine());
		}
		this.events.publish(new JobEvent.PageFinished(job.id(), job.owner(), job.batchId(), seq, this.clock.instant(), page.page(),
				page.status(), page.engine(), preview, page.errorCode(), tally.counts()));
		closeIfComplete(job, tally);
		return Optional.ofNullable(after);
	}

	/**
	 * Finishes a cancel: a cancelling job with no page in a worker's hands becomes CANCELLED, with
	 * the pages finished before it kept.
	 */
	public void settleCancel(JobSnapshot job) {
		if (job.status() != JobStatus.CANCELLING || this.pages.anyRunning(job.id())) {
			return;
		}
		if (this.jobs.cancelled(job.id())) {
			PageLedger.Tally tally = this.pages.tally(job.id());
			this.jobs.raiseCounts(job, tally.counts(), tally.usage(), null);
			log.info("job {} CANCELLED: {}", job.id(), tally.counts());
			long seq = this.jobs.nextSeq(job.id());
			this.events.publish(new JobEvent.JobFinished(job.id(), job.owner(), job.batchId(), seq,
					this.clock.instant(), JobStatus.CANCELLED, null, null, tally.counts()));
		}
	}

	/**
	 * Closes a running job whose ledger is complete; used after each page and by the reconciler.
	 */
	public void closeIfComplete(JobSnapshot job, PageLedger.Tally tally) {
		PageCounts counts = tally.counts();
		if (!counts.complete() || counts.total() < job.counts().total()) {
			return;
		}
		JobStatus status = (counts.failed() == 0) ? JobStatus.SUCCEEDED
				: (counts.failed() == counts.total()) ? JobStatus.FAILED : JobStatus.PARTIAL;
		ErrorCode errorCode = (status == JobStatus.FAILED)
				? this.pages.firstFailureCode(job.id()).orElse(ErrorCode.INTERNAL_ERROR) : null;
		if (this.jobs.finish(job.id(), status, errorCode)) {
			log.info("job {} {}: {}", job.id(), status, counts);
			long seq = this.jobs.nextSeq(job.id());
			this.events.publish(new JobEvent.JobFinished(job.id(), job.owner(), job.batchId(), seq, this.clock.instant(), status,
					errorCode, null, counts));
		}
	}

}
