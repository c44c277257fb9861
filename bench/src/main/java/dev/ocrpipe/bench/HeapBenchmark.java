package dev.ocrpipe.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.ocrpipe.emulator.Reply;
import dev.ocrpipe.emulator.Responders;

import static org.awaitility.Awaitility.await;

/**
 * A worker with a small heap working through one large scanned PDF, to show that its memory
 * stays bounded by the pages in flight, not by the size of the document.
 */
final class HeapBenchmark {

	static final String HEAP = "512m";

	private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "PARTIAL", "FAILED", "CANCELLED");

	private final BenchStack stack;

	private final Duration latency;

	HeapBenchmark(BenchStack stack, Duration latency) {
		this.stack = stack;
		this.latency = latency;
	}

	/**
	 * What the run showed.
	 *
	 * @param pages pages of the document
	 * @param megabytes size of the PDF
	 * @param status the job's final status
	 * @param done pages DONE
	 * @param peakHeapMb the highest {@code jvm.memory.used{area=heap}} sampled (every 250 ms)
	 * @param seconds from upload to the job's end
	 * @param workerCores CPU cores the worker used on average
	 */
	record Result(int pages, double megabytes, String status, int done, double peakHeapMb, double seconds,
			double workerCores) {

		double pagesPerSecond() {
			return this.pages / this.seconds;
		}

	}

	Result run(int pages) {
		byte[] pdf = BenchDocuments.bilevelScannedPdf(pages, 500);
		this.stack.clearJobs();
		this.stack.gemini.reset();
		this.stack.gemini.respondWith(Responders.fixed(Reply.text("benchmark page text").withDelay(this.latency)));
		BenchStack.Running worker = this.stack.startWorkers(1, Map.of(), HEAP).get(0);
		try (MetricSampler heap = new MetricSampler(List.of(worker.base()), "jvm.memory.used?tag=area:heap",
				Duration.ofMillis(250))) {
			double cpuBefore = CpuTime.process(worker.jvm().pid());
			Instant start = Instant.now();
			String id = this.stack.client.upload(List.of(new ApiClient.Part("scan-" + pages + ".pdf", pdf))).get(0);
			var job = await().atMost(Duration.ofMinutes(10))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> this.stack.client.job(id), (j) -> TERMINAL.contains(j.path("status").asString()));
			double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
			double cores = (CpuTime.process(worker.jvm().pid()) - cpuBefore) / seconds;
			if (!worker.jvm().isAlive()) {
				throw new IllegalStateException("the worker died:\n" + worker.jvm().tailText(40));
			}
			return new Result(pages, pdf.length / 1048576.0, job.path("status").asString(),
					job.path("pages").path("done").asInt(), heap.max() / 1048576.0, seconds, cores);
		}
		finally {
			this.stack.stopWorkers();
		}
	}

}
