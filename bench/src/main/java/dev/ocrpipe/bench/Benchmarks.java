package dev.ocrpipe.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The entry point of {@code ./run-bench}: runs the rendering, pipeline, heap and fairness
 * benchmarks in that order (rendering first, while nothing else of ours runs), prints each figure as it comes and a
 * Markdown summary at the end, which is also written to {@code bench/target/benchmarks.md}.
 */
public final class Benchmarks {

	private final Options options;

	private final StringBuilder report = new StringBuilder();

	private Benchmarks(Options options) {
		this.options = options;
	}

	/**
	 * What to run, from the command line.
	 *
	 * @param root the repository root (where the api and worker jars were built)
	 * @param quick the short run (about 2 minutes)
	 * @param commit the commit measured, for the record
	 * @param latency the emulator's fixed answer latency L
	 * @param workers the worker counts W to sweep
	 * @param concurrency the per-worker concurrencies C to sweep
	 * @param prefetch batches of C pages per poll
	 * @param steady how long each pipeline run should last at the ideal rate
	 * @param pagesPerKind pages of each kind in the rendering corpus
	 * @param heapPages pages of the scanned PDF of the heap run
	 * @param only the parts to run (rendering, pipeline, heap, fairness)
	 */
	record Options(Path root, boolean quick, String commit, Duration latency, List<Integer> workers,
			List<Integer> concurrency, int prefetch, Duration steady, int pagesPerKind, int heapPages,
			List<String> only) {

		static Options parse(String[] args) {
			Path root = Path.of(".");
			boolean quick = false;
			String commit = "unknown";
			Duration latency = Duration.ofMillis(500);
			List<Integer> workers = null;
			List<Integer> concurrency = null;
			int prefetch = 2;
			Integer heapPages = null;
			List<String> only = null;
			for (int i = 0; i < args.length; i++) {
				switch (args[i]) {
					case "--root" -> root = Path.of(args[++i]);
					case "--quick" -> quick = true;
					case "--commit" -> commit = args[++i];
					case "--latency-ms" -> latency = Duration.ofMillis(Long.parseLong(args[++i]));
					case "--workers" -> workers = ints(args[++i]);
					case "--concurrency" -> concurrency = ints(args[++i]);
					case "--prefetch" -> prefetch = Integer.parseInt(args[++i]);
					case "--heap-pages" -> heapPages = Integer.parseInt(args[++i]);
					case "--only" -> only = List.of(args[++i].split(","));
					default -> throw new IllegalArgumentException("unknown option " + args[i]);
				}
			}
			if (only == null) {
				// the fairness runs take about 12 minutes whatever the size: not in the short run
				only = quick ? List.of("rendering", "pipeline", "heap")
						: List.of("rendering", "pipeline", "heap", "fairness");
			}
			if (workers == null) {
				workers = quick ? List.of(1) : List.of(1, 2);
			}
			if (concurrency == null) {
				concurrency = quick ? List.of(8) : List.of(1, 2, 4, 8, 16);
			}
			return new Options(root.toAbsolutePath().normalize(), quick, commit, latency, workers, concurrency,
					prefetch, quick ? Duration.ofSeconds(6) : Duration.ofSeconds(12), quick ? 8 : 20,
					(heapPages != null) ? heapPages : (quick ? 50 : 500), only);
		}

		private static List<Integer> ints(String list) {
			return Arrays.stream(list.split(",")).map(String::trim).map(Integer::valueOf).toList();
		}

	}

	public static void main(String[] args) {
		Options options = Options.parse(args);
		new Benchmarks(options).run();
		// the Kafka client and HTTP server threads are not all daemons
		System.exit(0);
	}

	private void run() {
		Path target = this.options.root().resolve("bench/target");
		line("# ocrpipe benchmarks%s", this.options.quick() ? " (--quick)" : "");
		line("");
		line("- date: %s", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
		line("- commit: %s", this.options.commit());
		line("- machine: %d cores, %s RAM, %s; load average at start %s (the machine is shared: other builds may run)",
				Runtime.getRuntime().availableProcessors(), memory(), System.getProperty("os.name") + " "
						+ System.getProperty("os.arch") + ", Java " + Runtime.version().feature(), loadAverage());
		line("");
		if (this.options.only().contains("rendering")) {
			rendering(target.resolve("bench-render"));
		}
		boolean pipeline = this.options.only().contains("pipeline");
		boolean heap = this.options.only().contains("heap");
		boolean fairness = this.options.only().contains("fairness");
		if (pipeline || heap || fairness) {
			long start = System.nanoTime();
			try (BenchStack stack = new BenchStack(this.options.root(), target.resolve("bench-logs"),
					Map.of("OCR_API_UPLOADS_MAXFILESIZE", "100MB", "OCR_API_UPLOADS_MAXREQUESTSIZE", "200MB"))) {
				System.out.printf("(stack up in %.0f s; logs in %s)%n", (System.nanoTime() - start) / 1e9,
						target.resolve("bench-logs"));
				if (pipeline) {
					pipeline(stack);
				}
				if (heap) {
					heap(stack);
				}
				if (fairness) {
					fairness(stack);
				}
			}
		}
		try {
			Files.createDirectories(target);
			Files.writeString(target.resolve("benchmarks.md"), this.report);
			System.out.println();
			System.out.println("(this summary is also in " + target.resolve("benchmarks.md") + ")");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void rendering(Path dir) {
		boolean poppler = RenderingBenchmark.pdftoppmInstalled();
		line("## Rendering: PDFBox vs pdftoppm, %d DPI grayscale, one thread", RenderingBenchmark.DPI);
		line("");
		if (!poppler) {
			line("pdftoppm is not installed (Debian: apt-get install poppler-utils): PDFBox figures only.");
			line("");
		}
		line("In-process and sandbox: the worker's page path (inspection, text layer, rendering, ink) in this JVM, "
				+ "and through one warm sandbox process with the pixels back over its pipe.");
		line("");
		line("| pages | count | PDFBox pages/s | pdftoppm pages/s | PDFBox / pdftoppm | in-process pages/s | sandbox pages/s | sandbox / in-process |");
		line("|---|---:|---:|---:|---:|---:|---:|---:|");
		for (RenderingBenchmark.Result result : new RenderingBenchmark(dir, this.options.pagesPerKind()).run()) {
			line("| %s | %d | %.1f | %s | %s | %.1f | %.1f | %.2f |", result.kind(), result.pages(), result.pdfbox(),
					poppler ? fmt("%.1f", result.pdftoppm()) : "n/a", poppler ? fmt("%.2f", result.ratio()) : "n/a",
					result.inProcess(), result.sandbox(), result.sandboxRatio());
		}
		line("");
	}

	private void pipeline(BenchStack stack) {
		PipelineBenchmark benchmark = new PipelineBenchmark(stack, this.options.latency(), this.options.steady());
		line("## Pipeline: W workers × C concurrent calls, emulator latency L = %d ms, prefetch %d",
				this.options.latency().toMillis(), this.options.prefetch());
		line("");
		line("Jobs of %d tiny scanned pages (2 × 1 in, 400 × 200 px at 200 DPI) uploaded in one burst.",
				PipelineBenchmark.PAGES_PER_JOB);
		line("");
		line("| W | C | slots | pages | ideal W×C/L | steady pages/s | ratio | overall pages/s | first page s | job p50 s | job p95 s | slots busy | machine CPU | cores by process |");
		line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
		List<PipelineBenchmark.Result> results = new ArrayList<>();
		for (int workers : this.options.workers()) {
			for (int concurrency : this.options.concurrency()) {
				System.out.printf("(running W=%d C=%d ...)%n", workers, concurrency);
				PipelineBenchmark.Result r = benchmark.run(workers, concurrency, this.options.prefetch());
				results.add(r);
				String cores = r.cores()
					.entrySet()
					.stream()
					.map((e) -> e.getKey() + " " + fmt("%.2f", e.getValue()))
					.collect(Collectors.joining(", "));
				line("| %d | %d | %d | %d%s | %.1f | %.1f | %.0f %% | %.1f | %.2f | %.1f | %.1f | %.0f %% | %.0f %% | %s |",
						r.workers(), r.concurrency(), r.slots(), r.pages(), (r.failed() > 0) ? " (" + r.failed() + " not DONE)" : "",
						r.ideal(), r.steady(), 100 * r.ratio(), r.overall(), r.firstPage(), r.jobP50(), r.jobP95(),
						100 * r.occupancy(), 100 * r.machineBusy(), cores);
			}
		}
		line("");
		line("steady = pages/s between the 10th and 90th percentile of page finish times; ratio = steady / ideal;");
		line("overall = pages / (last page − first upload); first page = first upload request → first PageFinished");
		line("(`job_events.at` in MongoDB); job p50/p95 = job createdAt → finishedAt under the burst; slots busy = mean");
		line("`ocr.pages.in_flight` (sampled every 200 ms) / (W × slots) in the steady window; cores = CPU seconds / run seconds.");
		line("");
		line("Where a page's time goes (mean ms per page, `ocr.page.phase`) and what it costs in MongoDB commands");
		line("(`mongodb.driver.commands` per page), over the measured run:");
		line("");
		line("| W | C | %s | MongoDB commands per page | ms per command |",
				String.join(" | ", PHASES));
		line("|---:|---:|%s---|---:|", "---:|".repeat(PHASES.size()));
		for (PipelineBenchmark.Result r : results) {
			Map<String, Double> phases = r.profile().phaseMsPerPage(r.pages());
			Map<String, Double> commands = r.profile().commandsPerPage(r.pages());
			double total = commands.values().stream().mapToDouble(Double::doubleValue).sum();
			String byCommand = commands.entrySet()
				.stream()
				.filter((e) -> e.getValue() >= 0.05)
				.map((e) -> e.getKey() + " " + fmt("%.1f", e.getValue()))
				.collect(Collectors.joining(", "));
			line("| %d | %d | %s | %.1f (%s) | %.1f |", r.workers(), r.concurrency(),
					PHASES.stream().map((p) -> fmt("%.0f", phases.getOrDefault(p, 0.0))).collect(Collectors.joining(" | ")),
					total, byCommand, r.profile().msPerCommand());
		}
		line("");
	}

	private static final List<String> PHASES = List.of("job", "claim", "prepare", "cancel-check", "ocr", "record",
			"account");

	private void heap(BenchStack stack) {
		int pages = this.options.heapPages();
		System.out.printf("(running the heap benchmark: %d scanned A4 pages ...)%n", pages);
		HeapBenchmark.Result r = new HeapBenchmark(stack, this.options.latency()).run(pages);
		line("## Worker heap: one %d-page scanned PDF (A4, 200 DPI bilevel G4), worker -Xmx%s, default slots and calls", pages, HeapBenchmark.HEAP);
		line("");
		line("| pages | PDF MB | status | pages DONE | peak heap MB | seconds | pages/s | worker cores |");
		line("|---:|---:|---|---:|---:|---:|---:|---:|");
		line("| %d | %.1f | %s | %d | %.0f | %.1f | %.2f | %.2f |", r.pages(), r.megabytes(), r.status(), r.done(),
				r.peakHeapMb(), r.seconds(), r.pagesPerSecond(), r.workerCores());
		line("");
		line("peak heap = highest `jvm.memory.used{area=heap}` read from the worker's actuator every 250 ms.");
		line("");
	}

	private void fairness(BenchStack stack) {
		FairnessBenchmark benchmark = new FairnessBenchmark(stack, this.options.latency());
		line("## Fairness: owner A's %d × %d scanned pages queued, then owner B's one-page job; one worker, default slots",
				FairnessBenchmark.A_DOCUMENTS, FairnessBenchmark.A_PAGES_PER_DOCUMENT);
		line("");
		line("| engine | slots (reserved) | B alone s | B behind A, FIFO s | B behind A, fair s | goal 2 × alone + 5 s | A pages open when B done | A pages/s FIFO | A pages/s fair | A drop |");
		line("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|");
		for (FairnessBenchmark.Engine engine : FairnessBenchmark.Engine.values()) {
			System.out.printf("(running the fairness benchmark with %s ...)%n", engine);
			FairnessBenchmark.Result r = benchmark.run(engine);
			String name = (engine == FairnessBenchmark.Engine.TESSERACT) ? "Tesseract"
					: fmt("Gemini emulator, L = %d ms", this.options.latency().toMillis());
			line("| %s | %d (%d) | %.1f | %.1f | %.1f | %.1f s: %s | %d | %.1f | %.1f | %.1f %% |", name, r.slots(),
					r.reserved(), r.bAlone(), r.bFifo(), r.bFair(), r.bound(), r.bMeetsGoal() ? "met" : "MISSED",
					r.aOpenWhenBFinished(), r.aFifo(), r.aFair(), 100 * r.aDrop());
		}
		line("");
		line("B = B's job createdAt → finishedAt (upload stored → last page recorded); B alone = median of 3 on an idle");
		line("worker. FIFO = `ocr.worker.fairness.enabled=false` (one queue, as before lanes); fair = the default. A pages/s =");
		line("A's pages between the 10th and 90th percentile of their finish times; A drop = 1 − fair / FIFO (goal < 10 %%).");
		line("");
	}

	private void line(String format, Object... args) {
		String text = fmt(format, args);
		System.out.println(text);
		System.out.flush();
		this.report.append(text).append('\n');
	}

	private static String fmt(String format, Object... args) {
		return String.format(Locale.ROOT, format, args);
	}

	private static String memory() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
				if (line.startsWith("MemTotal:")) {
					long kb = Long.parseLong(line.replaceAll("\\D", ""));
					return fmt("%.0f GiB", kb / 1048576.0);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not Linux: say so below
		}
		return "unknown";
	}

	private static String loadAverage() {
		try {
			String[] load = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return load[0] + " " + load[1] + " " + load[2];
		}
		catch (IOException | RuntimeException ex) {
			return "unknown";
		}
	}

}
