package dev.ocrpipe.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * PDFBox's rendering speed at the OCR resolution, in grayscale as the worker renders, on a mixed
 * corpus made in code, against poppler's {@code pdftoppm -gray} on the same files: the ratio says
 * what PDFBox costs against the usual native renderer.
 */
final class RenderingBenchmark {

	static final int DPI = 200;

	private final Path dir;

	private final int pagesPerKind;

	RenderingBenchmark(Path dir, int pagesPerKind) {
		this.dir = dir;
		this.pagesPerKind = pagesPerKind;
	}

	/**
	 * One kind of page.
	 *
	 * @param kind text, scanned or vector
	 * @param pages pages rendered
	 * @param pdfbox PDFBox pages per second, one thread, warm JVM (best of two passes)
	 * @param pdftoppm pdftoppm pages per second, one process writing PGM files (best of two), or
	 * NaN when pdftoppm is not installed
	 */
	record Result(String kind, int pages, double pdfbox, double pdftoppm) {

		double ratio() {
			return this.pdfbox / this.pdftoppm;
		}

	}

	List<Result> run() {
		try {
			Files.createDirectories(this.dir);
			Map<String, Path> corpus = new LinkedHashMap<>();
			corpus.put("text", write("text.pdf", BenchDocuments.textPdf(this.pagesPerKind, 1)));
			corpus.put("scanned", write("scanned.pdf", BenchDocuments.scannedPdf(this.pagesPerKind, 2)));
			corpus.put("vector", write("vector.pdf", BenchDocuments.vectorPdf(this.pagesPerKind, 3)));
			boolean poppler = pdftoppmInstalled();
			// a first pass over everything warms the JIT up; it is not counted
			corpus.values().forEach(RenderingBenchmark::pdfbox);
			List<Result> results = new ArrayList<>();
			long totalPdfbox = 0;
			long totalPoppler = 0;
			for (Map.Entry<String, Path> entry : corpus.entrySet()) {
				long pdfbox = Math.min(pdfbox(entry.getValue()), pdfbox(entry.getValue()));
				long popplerNanos = poppler ? Math.min(pdftoppm(entry.getValue()), pdftoppm(entry.getValue())) : -1;
				totalPdfbox += pdfbox;
				totalPoppler += popplerNanos;
				results.add(new Result(entry.getKey(), this.pagesPerKind, rate(this.pagesPerKind, pdfbox),
						poppler ? rate(this.pagesPerKind, popplerNanos) : Double.NaN));
			}
			int all = this.pagesPerKind * corpus.size();
			results.add(new Result("mixed", all, rate(all, totalPdfbox), poppler ? rate(all, totalPoppler) : Double.NaN));
			return results;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static boolean pdftoppmInstalled() {
		try {
			Process process = new ProcessBuilder("pdftoppm", "-v").redirectErrorStream(true).start();
			process.getInputStream().readAllBytes();
			return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** @return nanoseconds to render every page of the file, as the worker does, in this thread */
	private static long pdfbox(Path file) {
		try (PDDocument document = Loader.loadPDF(file.toFile())) {
			long start = System.nanoTime();
			PDFRenderer renderer = new PDFRenderer(document);
			long pixels = 0;
			for (int page = 0; page < document.getNumberOfPages(); page++) {
				BufferedImage image = renderer.renderImageWithDPI(page, DPI, ImageType.GRAY);
				pixels += image.getWidth();
			}
			if (pixels == 0) {
				throw new IllegalStateException("nothing rendered");
			}
			return System.nanoTime() - start;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** @return nanoseconds for one pdftoppm process to render every page of the file to PGM files */
	private long pdftoppm(Path file) {
		Path out = this.dir.resolve("pdftoppm");
		try {
			clear(out);
			Files.createDirectories(out);
			long start = System.nanoTime();
			Process process = new ProcessBuilder("pdftoppm", "-gray", "-r", String.valueOf(DPI), file.toString(),
					out.resolve("page").toString())
				.redirectErrorStream(true)
				.start();
			process.getInputStream().readAllBytes();
			if (!process.waitFor(Duration.ofMinutes(5).toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("pdftoppm failed on " + file);
			}
			long elapsed = System.nanoTime() - start;
			try (Stream<Path> files = Files.list(out)) {
				if (files.count() != this.pagesPerKind) {
					throw new IllegalStateException("pdftoppm did not write every page of " + file);
				}
			}
			return elapsed;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private Path write(String name, byte[] content) throws IOException {
		return Files.write(this.dir.resolve(name), content);
	}

	private static void clear(Path dir) throws IOException {
		if (Files.exists(dir)) {
			try (Stream<Path> files = Files.walk(dir)) {
				for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(file);
				}
			}
		}
	}

	private static double rate(int pages, long nanos) {
		return pages / (nanos / 1e9);
	}

}
