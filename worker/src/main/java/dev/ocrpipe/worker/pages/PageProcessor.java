package dev.ocrpipe.worker.pages;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import io.micrometer.core.instrument.Timer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

import dev.ocrpipe.common.events.PageRequested;
import dev.ocrpipe.common.jobs.DocumentType;
import dev.ocrpipe.common.jobs.ErrorCode;
import dev.ocrpipe.common.jobs.JobStatus;
import dev.ocrpipe.common.jobs.PageStatus;
import dev.ocrpipe.common.store.PageFields;
import dev.ocrpipe.worker.WorkerIdentity;
import dev.ocrpipe.worker.documents.DocumentStore;
import dev.ocrpipe.worker.documents.DocumentUnavailable;
import dev.ocrpipe.worker.documents.PdfDocuments;
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

	private final PageRenderer renderer;

	private final WorkerIdentity identity;

	private final MeterRegistry meters;

	private final PagePhases phases;

	private final ExecutorService preparation = Executors.newVirtualThreadPerTaskExecutor();

	/** Pages a task of this process works on, by page id: done once that task is over. */
	private final ConcurrentMap<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

	PageProcessor(JobLedger jobs, PageLedger pages, JobProgress progress, DocumentStore documents, OcrEngine engine,
			PageProperties properties, WorkerIdentity identity, MeterRegistry meters) {
		this.jobs = jobs;
		this.pages = pages;
		this.progress = progress;
		this.documents = documents;
		this.engine = engine;
		this.properties = properties;
		this.renderer = new PageRenderer(properties);
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
					: work(task);
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

	private PageOutcome work(PageRequested task) {
		AtomicReference<PDDocument> open = new AtomicReference<>();
		Future<Prepared> preparing = this.preparation.submit(() -> prepare(task, open));
		Prepared prepared;
		long t0 = System.nanoTime();
		try {
			prepared = preparing.get(this.properties.renderTimeLimit().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			// PDFBox cannot be interrupted, but it stops at its next read once its document is closed
			preparing.cancel(true);
			closeQuietly(open.get());
			this.meters.counter("ocr.pages.render_timeouts").increment();
			return PageOutcome.failed(ErrorCode.PAGE_TOO_COMPLEX, "page " + task.page() + " took longer than "
					+ this.properties.renderTimeLimit() + " to read and render");
		}
		catch (ExecutionException ex) {
			return failure(ex.getCause());
		}
		catch (InterruptedException ex) {
			preparing.cancel(true);
			closeQuietly(open.get());
			Thread.currentThread().interrupt();
			throw new WorkerStopping();
		}
		this.phases.lap(PagePhases.Phase.PREPARE, t0);
		return (prepared.outcome() != null) ? prepared.outcome()
				: recognise(task, prepared.image(), prepared.textLayer());
	}

	/**
	 * Reads and renders a page, under the render time limit: its own text layer when that is good,
	 * else the image to recognise.
	 */
	private Prepared prepare(PageRequested task, AtomicReference<PDDocument> open) throws IOException {
		Path file = this.documents.fetch(task.uploadId());
		if (task.type() != DocumentType.PDF) {
			return new Prepared(null, this.renderer.read(file, task.type(), task.page()), "");
		}
		try (PDDocument document = PdfDocuments.open(file)) {
			open.set(document);
			PDPage page = PdfDocuments.page(document, task.page());
			// images up to 4× the render cap are fine (they are scaled down when drawn)
			PageInspection.check(page, task.page(), this.properties.maxContentBytes(), this.properties.maxPixels() * 4);
			TextLayer.Verdict verdict = TextLayer.judge(document, page, task.page(),
					this.properties.textLayerMinChars());
			if (verdict.good()) {
				return new Prepared(new PageOutcome.TextLayer(verdict.text(), verdict.text().length()), null, null);
			}
			log.debug("page {} of job {}: OCR needed, {}", task.page(), task.jobId(), verdict.reason());
			return new Prepared(null, this.renderer.render(document, page, task.page()), verdict.text());
		}
	}

	private static PageOutcome failure(Throwable failure) {
		return switch (failure) {
			case DocumentUnavailable ex -> PageOutcome.failed(ex.code(), ex.getMessage());
			case IOException ex -> PageOutcome.failed(ErrorCode.PDF_CORRUPT, "the page cannot be read: " + ex.getMessage());
			case StackOverflowError ex -> PageOutcome.failed(ErrorCode.PDF_CORRUPT, "the page is nested too deeply to read");
			// one page's buffers are gone once we are here; fail the page, not the worker
			case OutOfMemoryError ex ->
				PageOutcome.failed(ErrorCode.PAGE_TOO_COMPLEX, "the page needs more memory than the worker has");
			case RuntimeException ex -> throw ex;
			case Error ex -> throw ex;
			default -> throw new IllegalStateException(failure);
		};
	}

	private static void closeQuietly(PDDocument document) {
		if (document != null) {
			try {
				document.close();
			}
			catch (IOException | RuntimeException ex) {
				// closing is how we stop it; whatever it says now does not matter
			}
		}
	}

	@PreDestroy
	void stop() {
		this.preparation.shutdownNow();
	}

	/** A page read and rendered: either its outcome already (a good text layer) or an image to recognise. */
	private record Prepared(PageOutcome outcome, PageImage image, String textLayer) {
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
