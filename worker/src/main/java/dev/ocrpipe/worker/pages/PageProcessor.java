package dev.ocrpipe.worker.pages;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

import dev.ocrpipe.common.events.PageRequested;
import dev.ocrpipe.common.jobs.ErrorCode;
import dev.ocrpipe.common.jobs.JobStatus;
import dev.ocrpipe.common.jobs.PageStatus;
import dev.ocrpipe.common.store.PageFields;
import dev.ocrpipe.sandbox.PageLimits;
import dev.ocrpipe.worker.WorkerIdentity;
import dev.ocrpipe.worker.documents.DocumentStore;
import dev.ocrpipe.worker.documents.DocumentUnavailable;
import dev.ocrpipe.worker.ledger.JobLedger;
import dev.ocrpipe.worker.ledger.JobProgress;
import dev.ocrpipe.worker.ledger.JobSnapshot;
import dev.ocrpipe.worker.ledger.PageEntry;
import dev.ocrpipe.worker.ledger.PageLedger;
import dev.ocrpipe.worker.ledger.PageOutcome;
import dev.ocrpipe.worker.ocr.OcrEngine;
import dev.ocrpipe.worker.ocr.OcrFailure;
import dev.ocrpipe.worker.ocr.OcrResult;
import dev.ocrpipe.worker.ocr.PageImage;
import dev.ocrpipe.worker.ocr.WorkerStopping;
import dev.ocrpipe.worker.sandbox.SandboxPage;
import dev.ocrpipe.worker.sandbox.SandboxProperties;
import dev.ocrpipe.worker.sandbox.Sandboxes;

/**
 * Processes one page task, as ordered steps with explicit outcomes: claim the page, render it,
 * keep a good text layer or recognise it, record the outcome once, account for it. A task for a
 * page that is already terminal only repeats the (idempotent) accounting.
 */
@Service
public class PageProcessor {

	private static final Logger log = LoggerFactory.getLogger(PageProcessor.class);

	private final JobLedger jobs;

	private final PageLedger pages;

	private final JobProgress progress;

	private final DocumentStore documents;

	private final OcrEngine engine;

	private final PageProperties properties;

	private final Sandboxes sandboxes;

	private final PageLimits limits;

	private final WorkerIdentity identity;

	private final MeterRegistry meters;

	private final PagePhases phases;

	/** Pages a task of this process works on, by page id: done once that task is over. */
	private final ConcurrentMap<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

	PageProcessor(JobLedger jobs, PageLedger pages, JobProgress progress, DocumentStore documents, OcrEngine engine,
			PageProperties properties, Sandboxes sandboxes, SandboxProperties sandbox, WorkerIdentity identity,
			MeterRegistry meters) {
		this.jobs = jobs;
		this.pages = pages;
		this.progress = progress;
		this.documents = documents;
		this.engine = engine;
		this.properties = properties;
		this.sandboxes = sandboxes;
		this.limits = new PageLimits(properties.dpi(), properties.minDpi(), properties.maxPixels(),
				properties.maxContentBytes(), sandbox.maxImageBytes().toBytes(), properties.textLayerMinChars());
		this.identity = identity;
		this.meters = meters;
		this.phases = new PagePhases(meters);
	}

	/**
	 * Processes one task. A task whose page a task of this process is working on already (the same
	 * task delivered again, e.g. after its partition came back to this worker) waits for that one to
	 * end first, so it is only over once the page is durable or handed back, never before.
	 */
	public void process(PageRequested task) {
		String key = PageFields.idOf(task.jobId(), task.page());
		CompletableFuture<Void> mine = new CompletableFuture<>();
		CompletableFuture<Void> other;
		while ((other = this.inFlight.putIfAbsent(key, mine)) != null) {
			awaitOther(other, task);
		}
		try {
			processAlone(task);
		}
		finally {
			this.inFlight.remove(key, mine);
			mine.complete(null);
		}
	}

	/** The ids of the pages tasks of this process are working on now (their leases are kept alive). */
	Set<String> inFlightPages() {
		return Set.copyOf(this.inFlight.keySet());
	}

	private static void awaitOther(CompletableFuture<Void> other, PageRequested task) {
		log.info("page {} of job {} is in flight here already; waiting for it", task.page(), task.jobId());
		try {
			other.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new WorkerStopping();
		}
		catch (ExecutionException ex) {
			// never completed exceptionally; the loop looks again either way
		}
	}

	private void processAlone(PageRequested task) {
		long t0 = System.nanoTime();
		JobSnapshot job = this.jobs.find(task.jobId()).orElse(null);
		t0 = this.phases.lap(PagePhases.Phase.JOB, t0);
		if (job == null) {
			log.info("page {} of job {}: the job no longer exists", task.page(), task.jobId());
			return;
		}
		if (job.status() == JobStatus.CANCELLING) {
			this.progress.settleCancel(job);
			return;
		}
		if (job.status() != JobStatus.RUNNING) {
			log.info("page {} of job {}: the job is {}, skipping", task.page(), task.jobId(), job.status());
			return;
		}
		PageLedger.Claim claim = this.pages.claim(task.jobId(), task.page(), this.identity.incarnation(),
				this.properties.lease());
		t0 = this.phases.lap(PagePhases.Phase.CLAIM, t0);
		PageEntry entry = claim.page();
		if (entry == null) {
			log.warn("page {} of job {} is not in the ledger; ignoring the task", task.page(), task.jobId());
			return;
		}
		if (!claim.claimed() && entry.status() == PageStatus.RUNNING
				&& this.identity.incarnation().equals(entry.worker())) {
			// held by this process, yet no task here works on it (a release that failed): take it anew
			this.pages.release(task.jobId(), task.page(), this.identity.incarnation());
			claim = this.pages.claim(task.jobId(), task.page(), this.identity.incarnation(), this.properties.lease());
			entry = claim.page();
			if (entry == null) {
				return;
			}
		}
		if (!claim.claimed()) {
			if (entry.status().isTerminal()) {
				this.progress.pageFinished(job, entry, preview(entry.text()));
			}
			// else another worker holds it: that one finishes it, or its lease runs out
			return;
		}
		Timer.Sample sample = Timer.start(this.meters);
		PageEntry finished;
		try {
			PageOutcome outcome = (entry.attempts() > this.properties.maxAttempts())
					? PageOutcome.failed(ErrorCode.WORKER_LOST,
							"the page was taken " + (entry.attempts() - 1) + " times by workers that did not finish it")
					: work(task, job);
			t0 = System.nanoTime();
			finished = this.pages.complete(entry, outcome).orElseGet(() -> {
				log.info("page {} of job {} was completed by another worker first", task.page(), task.jobId());
				return this.pages.find(task.jobId(), task.page()).orElseThrow();
			});
		}
		catch (CancelledMeanwhile ex) {
			log.info("page {} of job {}: the job is being cancelled, page left unprocessed", task.page(),
					task.jobId());
			this.pages.release(task.jobId(), task.page(), this.identity.incarnation());
			this.jobs.find(task.jobId()).ifPresent(this.progress::settleCancel);
			return;
		}
		catch (RuntimeException | Error ex) {
			// hand the page back: on shutdown the task stays uncommitted and goes to another worker;
			// after a fault (MongoDB, GridFS, the engine) the task is tried again and claims it anew
			releaseQuietly(task);
			throw ex;
		}
		sample.stop(this.meters.timer("ocr.page.duration", "status", finished.status().name(), "engine",
				String.valueOf(finished.engine())));
		t0 = this.phases.lap(PagePhases.Phase.RECORD, t0);
		this.progress.pageFinished(job, finished, preview(finished.text()))
			.or(() -> this.jobs.find(task.jobId()))
			.filter((now) -> now.status() == JobStatus.CANCELLING)
			.ifPresent(this.progress::settleCancel);
		this.phases.lap(PagePhases.Phase.ACCOUNT, t0);
	}

	private void releaseQuietly(PageRequested task) {
		try {
			this.pages.release(task.jobId(), task.page(), this.identity.incarnation());
		}
		catch (RuntimeException ex) {
			// a retry finds the page held here with no task on it, and releases it then
			log.warn("could not release page {} of job {}: {}", task.page(), task.jobId(), ex.toString());
		}
	}

	/**
	 * Reads the page in a sandbox process, under the render time limit: its own text layer when
	 * that is good, else the image to recognise. The upload comes from the job document, never from
	 * the task.
	 */
	private PageOutcome work(PageRequested task, JobSnapshot job) {
		if (job.uploadId() == null || job.type() == null) {
			log.warn("page {} of job {}: the job document has no upload id or type", task.page(), task.jobId());
			return PageOutcome.failed(ErrorCode.UPLOAD_MISSING, "The job has no stored document.");
		}
		long t0 = System.nanoTime();
		SandboxPage page;
		try {
			Path file = this.documents.fetch(job.uploadId());
			page = this.sandboxes.page(file, job.type(), task.page(), this.limits, this.properties.renderTimeLimit());
		}
		catch (DocumentUnavailable ex) {
			return PageOutcome.failed(ex.code(), ex.getMessage());
		}
		this.phases.lap(PagePhases.Phase.PREPARE, t0);
		return switch (page) {
			case SandboxPage.Text text -> new PageOutcome.TextLayer(text.text(), text.text().length());
			case SandboxPage.Raster raster -> recognise(task, raster.image(), raster.textLayer());
			case SandboxPage.Failed failed -> {
				if (failed.code() == ErrorCode.RENDER_TIMEOUT) {
					this.meters.counter("ocr.pages.render_timeouts").increment();
				}
				yield PageOutcome.failed(failed.code(), failed.sentence());
			}
		};
	}

	private PageOutcome recognise(PageRequested task, PageImage image, String textLayer) {
		long t0 = System.nanoTime();
		PageOutcome.Raster raster = new PageOutcome.Raster(image.image().getWidth(), image.image().getHeight(),
				image.dpi(), image.ink());
		OcrResult result;
		try {
			// the last moment to honour a cancel before paying for an OCR call: after the engine's
			// waits for quota and a slot, before each call
			result = this.engine.recognise(image, () -> {
				long c0 = System.nanoTime();
				if (this.jobs.status(task.jobId()).orElse(JobStatus.CANCELLED) != JobStatus.RUNNING) {
					throw new CancelledMeanwhile();
				}
				this.phases.lap(PagePhases.Phase.CANCEL_CHECK, c0);
			});
			this.phases.lap(PagePhases.Phase.OCR, t0);
		}
		catch (OcrFailure ex) {
			this.meters.counter("ocr.engine.failures", "engine", this.engine.name(), "code", ex.code().name())
				.increment();
			return new PageOutcome.Failed(ex.code(), ex.getMessage(), null, raster);
		}
		List<PageOutcome.Flag> flags = new ArrayList<>();
		String finishReason = result.finishReason();
		if (finishReason != null && !finishReason.equals("STOP")) {
			if (result.text().isBlank()) {
				return new PageOutcome.Failed(ErrorCode.OCR_FINISH_REASON,
						"the model stopped with " + finishReason + " and returned no text", result, raster);
			}
			flags.add(new PageOutcome.Flag(ErrorCode.OCR_FINISH_REASON,
					"the model stopped with " + finishReason + "; the text may be incomplete"));
		}
		TextLayerCheck.disagreement(textLayer, result.text()).ifPresent(flags::add);
		if (result.text().isBlank() && !image.hasInk()) {
			flags.add(new PageOutcome.Flag(ErrorCode.BLANK_PAGE, "the page has no ink and no text"));
		}
		if (result.text().isBlank() && image.hasInk()) {
			return new PageOutcome.Failed(ErrorCode.OCR_EMPTY_OUTPUT, String.format(
					"no text came back for a page with ink on %.1f%% of it", image.ink() * 100), result, raster);
		}
		return new PageOutcome.Recognised(result, raster, flags);
	}

	/** The job stopped being RUNNING while one of its pages was being prepared. */
	private static final class CancelledMeanwhile extends RuntimeException {

		CancelledMeanwhile() {
			super(null, null, false, false);
		}

	}

	private String preview(String text) {
		if (text == null) {
			return null;
		}
		String flat = text.strip().replaceAll("\\s+", " ");
		return (flat.length() <= this.properties.previewChars()) ? flat
				: flat.substring(0, this.properties.previewChars()) + "…";
	}

}
