package dev.ocrpipe.bench;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.bson.Document;

import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.common.store.EventFields;
import dev.ocrpipe.common.store.JobFields;
import dev.ocrpipe.common.store.PageFields;

import static org.awaitility.Awaitility.await;

/**
 * End to end on the local stack: W workers with C concurrent OCR calls each against the Gemini
 * emulator answering after a fixed latency L, fed a burst of small scanned jobs, measured against
 * the ideal W × C / L pages per second.
 */
final class PipelineBenchmark {

	static final int PAGES_PER_JOB = 10;

	private static final int FILES_PER_UPLOAD = 20;

	private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "PARTIAL", "FAILED", "CANCELLED");

	private final BenchStack stack;

	private final Duration latency;

	private final Duration steadyTarget;

	PipelineBenchmark(BenchStack stack, Duration latency, Duration steadyTarget) {
		this.stack = stack;
		this.latency = latency;
		this.steadyTarget = steadyTarget;
	}

	/**
	 * What one configuration achieved.
	 *
	 * @param workers W
	 * @param concurrency C, pages and OCR calls per worker
	 * @param prefetch batches of C pages per poll
	 * @param jobs jobs uploaded
	 * @param pages pages processed
	 * @param failed pages that did not end DONE
	 * @param ideal W × C / L, pages per second
	 * @param steady pages per second between the 10th and the 90th percentile of page finish times
	 * @param overall pages per second from the first upload to the last page
	 * @param firstPage seconds from the first upload request to the first PageFinished event
	 * @param jobP50 median seconds from a job's creation to its end
	 * @param jobP95 95th percentile of the same
	 * @param occupancy mean pages in flight over W × page slots in the steady window (1 = every
	 * slot busy)
	 * @param machineBusy share of the machine's CPU time that was busy during the run (all
	 * processes, other people's included)
	 * @param cores CPU cores used on average during the run, by process
	 * @param slots page slots per worker
	 * @param profile the workers' page phases and MongoDB commands during the run
	 */
	record Result(int workers, int concurrency, int prefetch, int jobs, int pages, int failed, double ideal,
			double steady, double overall, double firstPage, double jobP50, double jobP95, double occupancy,
			double machineBusy, Map<String, Double> cores, int slots, WorkerProfile.Snapshot profile) {

		double ratio() {
			return this.steady / this.ideal;
		}

	}

	Result run(int workers, int concurrency, int prefetch) {
		double ideal = workers * concurrency / (this.latency.toMillis() / 1000.0);
		int pages = Math.max(4 * PAGES_PER_JOB,
				(int) Math.round(ideal * this.steadyTarget.toMillis() / 1000.0 / PAGES_PER_JOB) * PAGES_PER_JOB);
		int jobs = pages / PAGES_PER_JOB;
		this.stack.clearJobs();
		this.stack.answerAfterLatency(this.latency);
		Map<String, String> settings = new LinkedHashMap<>();
		// page slots may exceed the C concurrent OCR calls (OCR_BENCH_PAGE_SLOTS, a factor, default 1):
		// pages being rendered or recorded then do not hold one of the C call slots
		String slotFactor = System.getenv("OCR_BENCH_PAGE_SLOTS");
		if (slotFactor != null) {
			settings.put("OCR_WORKER_PAGES_CONCURRENCY",
					String.valueOf((int) Math.ceil(concurrency * Double.parseDouble(slotFactor))));
		}
		settings.put("OCR_WORKER_PAGES_PREFETCH", String.valueOf(prefetch));
		settings.put("RESILIENCE4J_BULKHEAD_INSTANCES_GEMINI_MAXCONCURRENTCALLS", String.valueOf(concurrency));
		List<BenchStack.Running> running = this.stack.startWorkers(workers, settings, "768m");
		try {
			warmUp(workers * concurrency * 2);
			this.stack.clearJobs();
			this.stack.answerAfterLatency(this.latency);

			List<ApiClient.Part> documents = new ArrayList<>();
			for (int j = 1; j <= jobs; j++) {
				String name = "w" + workers + "c" + concurrency + "-job" + j;
				documents.add(new ApiClient.Part(name + ".pdf", BenchDocuments.tinyScannedPdf(name, PAGES_PER_JOB)));
			}
			Map<String, Long> pids = new LinkedHashMap<>();
			pids.put("api", this.stack.api.jvm().pid());
			running.forEach((worker) -> pids.put(worker.jvm().name(), worker.jvm().pid()));
			pids.put("kafka", this.stack.kafka.pid());
			pids.put("bench (mongo-wire + emulator)", ProcessHandle.current().pid());
			Map<String, Double> cpuBefore = new LinkedHashMap<>();
			pids.forEach((name, pid) -> cpuBefore.put(name, CpuTime.process(pid)));
			double[] machineBefore = CpuTime.machine();
			List<URI> bases = running.stream().map(BenchStack.Running::base).toList();
			WorkerProfile.Snapshot profileBefore = WorkerProfile.take(bases);
			int slots = (int) Math.round(WorkerProfile.gauge(bases, "ocr.pages.slots") / workers);

			try (MetricSampler inFlight = new MetricSampler(running.stream().map(BenchStack.Running::base).toList(),
					"ocr.pages.in_flight", Duration.ofMillis(200))) {
				Instant uploadStart = Instant.now();
				List<String> ids = new ArrayList<>();
				for (int from = 0; from < documents.size(); from += FILES_PER_UPLOAD) {
					ids.addAll(this.stack.client
						.upload(documents.subList(from, Math.min(documents.size(), from + FILES_PER_UPLOAD))));
				}
				Duration atMost = Duration.ofSeconds(120 + (long) (pages / ideal * 5));
				await().atMost(atMost)
					.pollInterval(Duration.ofMillis(250))
					.until(() -> this.stack.db.getCollection(Collections.JOBS)
						.countDocuments(Filters.in(JobFields.STATUS, TERMINAL)) >= ids.size());
				Instant end = Instant.now();
				double seconds = Duration.between(uploadStart, end).toMillis() / 1000.0;
				Map<String, Double> cores = new LinkedHashMap<>();
				pids.forEach((name, pid) -> cores.put(name, (CpuTime.process(pid) - cpuBefore.get(name)) / seconds));
				double[] machineAfter = CpuTime.machine();
				double busy = (machineAfter[0] - machineBefore[0]) / Math.max(1e-9, machineAfter[1] - machineBefore[1]);
				WorkerProfile.Snapshot profile = WorkerProfile.take(bases).minus(profileBefore);
				return measure(workers, concurrency, prefetch, ids, ideal, uploadStart, inFlight, busy, cores,
						profile, slots);
			}
		}
		finally {
			this.stack.stopWorkers();
		}
	}

	private Result measure(int workers, int concurrency, int prefetch, List<String> ids, double ideal,
			Instant uploadStart, MetricSampler inFlight, double busy, Map<String, Double> cores,
			WorkerProfile.Snapshot profile, int slots) {
		List<Instant> finished = new ArrayList<>();
		int failed = 0;
		for (Document page : this.stack.db.getCollection(Collections.PAGES)
			.find(Filters.in(PageFields.JOB_ID, ids))
			.projection(Projections.include(PageFields.STATUS, PageFields.FINISHED_AT))) {
			finished.add(BenchStack.instant(page.get(PageFields.FINISHED_AT)));
			failed += "DONE".equals(page.getString(PageFields.STATUS)) ? 0 : 1;
		}
		finished.sort(null);
		int n = finished.size();
		int low = (int) Math.floor(0.1 * n);
		int high = Math.max(low + 1, (int) Math.ceil(0.9 * n) - 1);
		Instant from = finished.get(low);
		Instant to = finished.get(Math.min(high, n - 1));
		double steady = (Math.min(high, n - 1) - low) / Math.max(1e-3, Duration.between(from, to).toMillis() / 1000.0);
		double overall = n / Math.max(1e-3, Duration.between(uploadStart, finished.get(n - 1)).toMillis() / 1000.0);

		Map<String, Instant> created = new HashMap<>();
		List<Double> jobSeconds = new ArrayList<>();
		for (Document job : this.stack.db.getCollection(Collections.JOBS)
			.find(Filters.in(JobFields.ID, ids))
			.projection(Projections.include(JobFields.CREATED_AT, JobFields.FINISHED_AT))) {
			Instant createdAt = BenchStack.instant(job.get(JobFields.CREATED_AT));
			created.put(job.getString(JobFields.ID), createdAt);
			jobSeconds.add(Duration.between(createdAt, BenchStack.instant(job.get(JobFields.FINISHED_AT))).toMillis() / 1000.0);
		}
		Instant firstEvent = null;
		for (Document event : this.stack.db.getCollection(Collections.JOB_EVENTS)
			.find(Filters.and(Filters.in(EventFields.JOB_ID, ids), Filters.eq(EventFields.TYPE, "PageFinished")))
			.projection(Projections.include(EventFields.AT))) {
			Instant at = BenchStack.instant(event.get(EventFields.AT));
			firstEvent = (firstEvent == null || at.isBefore(firstEvent)) ? at : firstEvent;
		}
		double firstPage = (firstEvent != null) ? Duration.between(uploadStart, firstEvent).toMillis() / 1000.0
				: Double.NaN;
		double occupancy = inFlight.mean(from, to) / (workers * slots);
		return new Result(workers, concurrency, prefetch, ids.size(), n, failed, ideal, steady, overall, firstPage,
				Stats.percentile(jobSeconds, 50), Stats.percentile(jobSeconds, 95), occupancy, busy, cores, slots,
				profile);
	}

	/** One job through the fresh workers, so JIT compilation and connection set-up are not measured. */
	private void warmUp(int pages) {
		List<String> ids = this.stack.client
			.upload(List.of(new ApiClient.Part("warm-up.pdf", BenchDocuments.tinyScannedPdf("warm-up", Math.max(4, pages)))));
		await().atMost(Duration.ofSeconds(180))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> TERMINAL.contains(this.stack.client.job(ids.get(0)).path("status").asString()));
	}

}
