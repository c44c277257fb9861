package dev.ocrpipe.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.bson.Document;

import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.common.store.JobFields;
import dev.ocrpipe.common.store.PageFields;

import static org.awaitility.Awaitility.await;

/**
 * Fair sharing between owners, end to end on the local stack with one worker at default slots:
 * owner A floods the pipeline with 10 scanned documents of 40 pages; once A's 400 pages are
 * planned, owner B uploads a one-page document. Measured with fairness on and off, against the
 * Gemini emulator (fixed latency) or local Tesseract: how long B's job takes, against B's job alone,
 * and A's throughput, against A's with fairness off (today's single first-come-first-served queue).
 */
final class FairnessBenchmark {

	static final int A_DOCUMENTS = 10;

	static final int A_PAGES_PER_DOCUMENT = 40;

	private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "PARTIAL", "FAILED", "CANCELLED");

	private final BenchStack stack;

	private final Duration latency;

	private final ApiClient ownerA;

	private final ApiClient ownerB;

	FairnessBenchmark(BenchStack stack, Duration latency) {
		this.stack = stack;
		this.latency = latency;
		this.ownerA = stack.clientFor("owner-a");
		this.ownerB = stack.clientFor("owner-b");
	}

	/** The OCR engine of a run. */
	enum Engine {

		GEMINI_EMULATOR, TESSERACT

	}

	/**
	 * One engine's figures.
	 *
	 * @param engine the OCR engine
	 * @param slots page slots of the worker
	 * @param reserved slots kept back for the interactive lane (fairness on)
	 * @param bAlone seconds of B's one-page job on an idle pipeline (median of 3): its own page time
	 * @param bFifo seconds of B's job behind A's flood, fairness off
	 * @param bFair seconds of B's job behind A's flood, fairness on
	 * @param aOpenWhenBFinished A's pages still open when B's job finished (fairness on)
	 * @param aFifo A's steady pages/s, fairness off
	 * @param aFair A's steady pages/s, fairness on (B's job included)
	 */
	record Result(Engine engine, int slots, int reserved, double bAlone, double bFifo, double bFair,
			long aOpenWhenBFinished, double aFifo, double aFair) {

		/** The goal's bound on B's job: twice its own time plus 5 s. */
		double bound() {
			return 2 * this.bAlone + 5;
		}

		boolean bMeetsGoal() {
			return this.bFair <= bound();
		}

		/** How much A's throughput dropped with fairness on, as a fraction of A's without. */
		double aDrop() {
			return 1 - this.aFair / this.aFifo;
		}

	}

	Result run(Engine engine) {
		Flood fifo = flood(engine, false);
		Flood fair = flood(engine, true);
		return new Result(engine, fair.slots, fair.reserved, fair.bAlone, fifo.bSeconds, fair.bSeconds,
				fair.aOpenWhenBFinished, fifo.aSteady, fair.aSteady);
	}

	private record Flood(int slots, int reserved, double bAlone, double bSeconds, long aOpenWhenBFinished,
			double aSteady) {
	}

	private Flood flood(Engine engine, boolean fairness) {
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("OCR_WORKER_FAIRNESS_ENABLED", String.valueOf(fairness));
		if (engine == Engine.TESSERACT) {
			settings.put("OCR_WORKER_ENGINE", "tesseract");
		}
		this.stack.clearJobs();
		this.stack.answerAfterLatency(this.latency);
		List<BenchStack.Running> workers = this.stack.startWorkers(1, settings, "768m");
		try {
			int slots = (int) Math.round(WorkerProfile.gauge(List.of(workers.get(0).base()), "ocr.pages.slots"));
			int reserved = (int) Math
				.round(WorkerProfile.gauge(List.of(workers.get(0).base()), "ocr.pages.slots.reserved"));
			// warm-up, then B's own page time on an idle pipeline
			finish(this.ownerB.upload(List.of(new ApiClient.Part("warm-up.pdf", BenchDocuments.tinyScannedPdf("warm-up", 20)))));
			List<Double> alone = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				alone.add(jobSeconds(finish(this.ownerB.upload(List.of(onePage("b-alone-" + i))))));
			}
			this.stack.clearJobs();

			List<ApiClient.Part> documents = new ArrayList<>();
			for (int d = 1; d <= A_DOCUMENTS; d++) {
				documents.add(new ApiClient.Part("a-" + d + ".pdf",
						BenchDocuments.tinyScannedPdf("a-" + d, A_PAGES_PER_DOCUMENT)));
			}
			List<String> a = this.ownerA.upload(documents);
			// A's 400 pages are planned (in the ledger, their tasks published) before B comes
			await().atMost(Duration.ofMinutes(5))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> this.stack.db.getCollection(Collections.PAGES)
					.countDocuments(Filters.in(PageFields.JOB_ID, a)) >= A_DOCUMENTS * A_PAGES_PER_DOCUMENT);
			String b = this.ownerB.upload(List.of(onePage("b-flooded"))).get(0);
			finish(List.of(b));
			long aOpen = this.stack.db.getCollection(Collections.PAGES)
				.countDocuments(Filters.and(Filters.in(PageFields.JOB_ID, a), Filters.in(PageFields.STATUS, "QUEUED", "RUNNING")));
			double bSeconds = jobSeconds(List.of(b));
			finish(a);
			return new Flood(slots, reserved, Stats.percentile(alone, 50), bSeconds, aOpen, steady(a));
		}
		finally {
			this.stack.stopWorkers();
		}
	}

	private static ApiClient.Part onePage(String name) {
		return new ApiClient.Part(name + ".pdf", BenchDocuments.tinyScannedPdf(name, 1));
	}

	private List<String> finish(List<String> ids) {
		await().atMost(Duration.ofMinutes(15))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.stack.db.getCollection(Collections.JOBS)
				.countDocuments(Filters.and(Filters.in(JobFields.ID, ids), Filters.in(JobFields.STATUS, TERMINAL))) >= ids
					.size());
		return ids;
	}

	/** Seconds from the job's creation to its end (the only job in {@code ids}). */
	private double jobSeconds(List<String> ids) {
		Document job = this.stack.db.getCollection(Collections.JOBS)
			.find(Filters.eq(JobFields.ID, ids.get(0)))
			.projection(Projections.include(JobFields.CREATED_AT, JobFields.FINISHED_AT))
			.first();
		return Duration
			.between(BenchStack.instant(job.get(JobFields.CREATED_AT)), BenchStack.instant(job.get(JobFields.FINISHED_AT)))
			.toMillis() / 1000.0;
	}

	/** Pages per second between the 10th and 90th percentile of the finish times of these jobs' pages. */
	private double steady(List<String> ids) {
		List<Instant> finished = new ArrayList<>();
		for (Document page : this.stack.db.getCollection(Collections.PAGES)
			.find(Filters.in(PageFields.JOB_ID, ids))
			.projection(Projections.include(PageFields.FINISHED_AT))) {
			finished.add(BenchStack.instant(page.get(PageFields.FINISHED_AT)));
		}
		finished.sort(null);
		int n = finished.size();
		int low = (int) Math.floor(0.1 * n);
		int high = Math.min(n - 1, Math.max(low + 1, (int) Math.ceil(0.9 * n) - 1));
		return (high - low) / Math.max(1e-3, Duration.between(finished.get(low), finished.get(high)).toMillis() / 1000.0);
	}

}
