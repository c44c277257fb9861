package dev.ocrpipe.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import dev.ocrpipe.e2e.OcrpipeClient.Part;
import dev.ocrpipe.e2e.OcrpipeClient.Response;
import dev.ocrpipe.emulator.Responders;
import dev.ocrpipe.tesseract.Tessdata;
import dev.ocrpipe.tesseract.TesseractReader;
import dev.ocrpipe.testkit.HostileDocuments;
import dev.ocrpipe.testkit.SampleDocuments;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile documents, made in code, through the real API and a worker running with a 512 MB heap:
 * each ends with a clear error code (the upload is refused, or the job or page FAILED with a
 * reason) or is processed properly; none takes the worker down, holds a thread past the render time
 * limit, or "succeeds" empty without saying why. A family of decode bombs uploaded together with a
 * good file ends the same way while the good file succeeds, the worker stays UP and its heap stays
 * below its cap: they are decoded in sandbox processes. Prints the worker's peak heap.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputIT {

	private static final Set<String> ERROR_CODES = Set.of("PDF_CORRUPT", "PDF_ENCRYPTED", "PDF_TOO_MANY_PAGES",
			"DOCUMENT_EMPTY", "IMAGE_CORRUPT", "PAGE_TOO_LARGE", "PAGE_TOO_COMPLEX", "RENDER_FAILED",
			"UNSUPPORTED_MEDIA_TYPE", "DOCUMENT_TOO_LARGE", "OCR_EMPTY_OUTPUT", "RENDER_TIMEOUT", "DOCUMENT_TOO_COMPLEX");

	private static final long WORKER_HEAP = 512L << 20;

	private LocalStack stack;

	private TesseractReader reader;

	private Deployables.Running worker;

	private final AtomicLong peakHeap = new AtomicLong();

	private Thread heapWatch;

	@BeforeAll
	void start() {
		this.stack = new LocalStack("HostileInputIT", Map.of());
		this.reader = new TesseractReader(Tessdata.bundled(), "eng", 2);
		this.stack.gemini.respondWith(Responders.tesseract(this.reader));
		this.worker = this.stack.startWorker("worker-512m",
				Map.of("OCR_WORKER_PAGES_CONCURRENCY", "2", "OCR_WORKER_PAGES_RENDERTIMELIMIT", "5s"), "512m");
		this.heapWatch = Thread.ofVirtual().start(this::watchHeap);
	}

	@AfterAll
	void stop() {
		if (this.heapWatch != null) {
			this.heapWatch.interrupt();
		}
		System.out.printf("HostileInputIT: worker peak heap %.0f MB of %d MB%n", this.peakHeap.get() / 1048576.0,
				WORKER_HEAP >> 20);
		if (this.stack != null) {
			this.stack.close();
		}
		if (this.reader != null) {
			this.reader.close();
		}
	}

	static Stream<Arguments> hostileDocuments() {
		return Stream.of(hostile("truncated PDF", "truncated.pdf", HostileDocuments::truncatedPdf),
				hostile("header-only PDF", "header.pdf", HostileDocuments::headerOnlyPdf),
				hostile("encrypted PDF", "locked.pdf", () -> SampleDocuments.encryptedPdf("secret")),
				hostile("/Count claims 2^31 pages", "count.pdf", HostileDocuments::lyingPageCount),
				hostile("100,000 pages", "many.pdf", () -> HostileDocuments.manyPages(100_000)),
				hostile("cyclic page tree", "cycle.pdf", HostileDocuments::cyclicPageTree),
				hostile("20,000-deep page tree", "deep.pdf", () -> HostileDocuments.deepPageTree(20_000)),
				hostile("200,000 nested arrays", "arrays.pdf", () -> HostileDocuments.nestedArrays(200_000)),
				hostile("content stream inflating to 1 GiB", "bomb.pdf", () -> HostileDocuments.inflateBomb(1L << 30)),
				hostile("image XObject of 50000×50000 px", "bigimage.pdf",
						() -> HostileDocuments.hugeImageXObject(50_000, 50_000)),
				hostile("14,400 pt MediaBox", "poster.pdf", () -> HostileDocuments.pageOfSize(14_400, 14_400, 1)),
				hostile("/UserUnit abuse", "userunit.pdf", () -> HostileDocuments.pageOfSize(612, 792, 75_000)),
				hostile("xref /Prev loop", "prevloop.pdf", HostileDocuments::xrefPrevLoop),
				hostile("PNG declaring 20000×20000", "huge.png", () -> HostileDocuments.pngDeclaring(20_000, 20_000)),
				hostile("JPEG declaring 50000×50000", "huge.jpg", () -> HostileDocuments.jpegDeclaring(50_000, 50_000)),
				hostile("TIFF declaring 100000×100000", "huge.tif",
						() -> HostileDocuments.tiffDeclaring(100_000, 100_000)),
				hostile("TIFF whose IFD chain loops", "loop.tif", HostileDocuments::tiffWithIfdLoop),
				hostile("PNG/PDF polyglot", "polyglot.png", HostileDocuments::pngPdfPolyglot),
				hostile("page slow to render (1,000,000 strokes)", "slow.pdf",
						() -> HostileDocuments.slowVectorPage(1_000_000)));
	}

	private static Arguments hostile(String what, String filename, Supplier<byte[]> content) {
		return Arguments.of(what, filename, content);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostileDocuments")
	void isRefusedOrFailsWithAReasonOrIsProcessedProperly(String what, String filename, Supplier<byte[]> content) {
		Response upload = this.stack.client.upload(new Part(filename, "application/octet-stream", content.get()));
		if (upload.status() != 202) {
			assertThat(upload.status()).as(what + ": " + upload.body()).isBetween(400, 499);
			assertThat(upload.json().path("code").asString()).isNotBlank();
			return;
		}
		assertTerminalWithReasons(what, upload.json().path("id").asString(), Duration.ofMinutes(3));
		assertThat(this.worker.jvm().isAlive()).as(what + " must not take the worker down").isTrue();
	}

	static Stream<Arguments> decodeBombs() {
		long gib = HostileDocuments.GIB;
		return Stream.of(hostile("Form XObject inflating to 1 GiB, drawn on 50 pages", "form-bomb.pdf",
				() -> HostileDocuments.formXObjectBomb(50, gib)),
				hostile("TrueType font program inflating to 1 GiB", "fontfile2-bomb.pdf",
						() -> HostileDocuments.fontStreamBomb(false, gib)),
				hostile("CFF font program inflating to 1 GiB", "fontfile3-bomb.pdf",
						() -> HostileDocuments.fontStreamBomb(true, gib)),
				hostile("image stream of 2000×2000 px inflating to 1 GiB", "image-bomb.pdf",
						() -> HostileDocuments.imageStreamBomb(2000, 2000, gib)),
				hostile("xref stream inflating to 1 GiB", "xref-bomb.pdf", () -> HostileDocuments.xrefStreamBomb(gib)),
				hostile("object stream inflating to 1 GiB", "objstm-bomb.pdf",
						() -> HostileDocuments.objectStreamBomb(gib)),
				hostile("[/FlateDecode /FlateDecode] content inflating to 1 GiB", "chained-bomb.pdf",
						() -> HostileDocuments.chainedFilterBomb(gib)),
				hostile("Flate with a PNG predictor inflating to 1 GiB", "predictor-bomb.pdf",
						() -> HostileDocuments.predictorBomb(gib)),
				hostile("40-megapixel 16-bit RGBA PNG", "rgba16.png", () -> HostileDocuments.png16BitRgba(8000, 5000)),
				hostile("40-megapixel 16-bit TIFF", "rgb16.tif", () -> HostileDocuments.tiff16Bit(8000, 5000)));
	}

	@Test
	void decodeBombsUploadedTogetherFailTheirPagesNotTheWorker() {
		Map<String, String> bombs = new LinkedHashMap<>();
		decodeBombs().forEach((arguments) -> {
			Object[] values = arguments.get();
			@SuppressWarnings("unchecked")
			byte[] content = ((Supplier<byte[]>) values[2]).get();
			assertThat(content.length).as(values[0] + " stays small").isLessThanOrEqualTo(2 << 20);
			Response upload = this.stack.client.upload(new Part((String) values[1], "application/octet-stream", content));
			assertThat(upload.status()).as(values[0] + ": " + upload.body()).isEqualTo(202);
			bombs.put(upload.json().path("id").asString(), (String) values[0]);
		});
		Response good = this.stack.client.upload(new Part("good.png", "image/png", SampleDocuments.png("GOOD AFTER BOMBS")));
		assertThat(good.status()).as(good.body()).isEqualTo(202);

		JsonNode goodJob = this.stack.awaitTerminal(good.json().path("id").asString(), Duration.ofMinutes(8));
		assertThat(goodJob.path("status").asString()).as(goodJob.toString()).isEqualTo("SUCCEEDED");
		bombs.forEach((id, what) -> assertTerminalWithReasons(what, id, Duration.ofMinutes(5)));
		assertThat(this.worker.jvm().isAlive()).isTrue();
		Response health = this.stack.client.get(this.worker.base().resolve("/actuator/health").toString());
		assertThat(health.json().path("status").asString()).as(health.body()).isEqualTo("UP");
		assertThat(this.peakHeap.get()).as("the worker's peak heap").isLessThan(WORKER_HEAP * 9 / 10);
	}

	/** The job ends, failed with a known code, or page by page with a code or with text (or BLANK_PAGE). */
	private void assertTerminalWithReasons(String what, String id, Duration within) {
		JsonNode job = this.stack.awaitTerminal(id, within);
		System.out.printf("HostileInputIT: %s -> %s %s%n", what, job.path("status").asString(),
				job.path("errorCode").asString());
		if (job.path("status").asString().equals("FAILED") && job.path("pages").path("total").asInt() == 0) {
			assertThat(job.path("errorCode").asString()).as(what).isIn(ERROR_CODES);
			return;
		}
		for (JsonNode page : this.stack.client.get("/api/v1/jobs/" + id + "/result?format=json").json().path("pages")) {
			switch (page.path("status").asString()) {
				case "FAILED" -> assertThat(page.path("errorCode").asString()).as(what).isIn(ERROR_CODES);
				case "DONE", "SKIPPED_TEXT_LAYER" -> {
					List<String> flags = new ArrayList<>();
					page.path("flags").forEach((flag) -> flags.add(flag.path("code").asString()));
					assertThat(!page.path("text").asString().isBlank() || flags.contains("BLANK_PAGE"))
						.as(what + ": a successful page has text, or says it is blank")
						.isTrue();
				}
				default -> throw new AssertionError(what + ": page in state " + page);
			}
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("lyingUploads")
	void uploadsThatLieAboutThemselvesAreRefused(String what, Part part, int status) {
		Response upload = this.stack.client.upload(part);
		assertThat(upload.status()).as(upload.body()).isEqualTo(status);
	}

	static Stream<Arguments> lyingUploads() {
		byte[] pdf = SampleDocuments.textPdf("A PDF that calls itself a PNG");
		return Stream.of(Arguments.of("zero bytes", new Part("empty.pdf", "application/pdf", new byte[0]), 400),
				Arguments.of("extension lies", new Part("scan.png", "application/octet-stream", pdf), 415),
				Arguments.of("declared type lies", new Part("scan.pdf", "image/png", pdf), 415));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostileNames")
	void hostileFileNamesAreKeptOnlyAsSafeMetadata(String what, String filename) {
		Response upload = this.stack.client.upload(new Part(filename, "application/pdf",
				SampleDocuments.textPdf("A document with a hostile name but a fine text layer")));
		if (upload.status() == 400) {
			// Tomcat refuses a multipart part whose name holds a NUL: a clear 400 is fine too
			assertThat(upload.json().path("code").asString()).isEqualTo("MALFORMED_REQUEST");
			return;
		}
		assertThat(upload.status()).as(upload.body()).isEqualTo(202);
		String stored = upload.json().path("filename").asString();
		assertThat(stored).doesNotContain("/", "\\", "\u0000", "\u202e", "..").hasSizeLessThanOrEqualTo(255);
		assertThat(stored).isNotBlank();
	}

	@ParameterizedTest(name = "{0} (base64 JSON)")
	@MethodSource("hostileNames")
	void hostileFileNamesInJsonAreSanitisedToo(String what, String filename) {
		Response upload = this.stack.client.uploadBase64(filename,
				SampleDocuments.textPdf("A document with a hostile name sent as JSON"));
		assertThat(upload.status()).as(upload.body()).isEqualTo(202);
		assertThat(upload.json().path("filename").asString()).doesNotContain("/", "\\", "\u0000", "\u202e", "..")
			.hasSizeLessThanOrEqualTo(255)
			.isNotBlank();
	}

	static Stream<Arguments> hostileNames() {
		return Stream.of(Arguments.of("path traversal", "../../../etc/passwd.pdf"),
				Arguments.of("NUL", "invoice\u0000.exe.pdf"), Arguments.of("RTL override", "report\u202Efdp.exe.pdf"),
				Arguments.of("300 characters", "x".repeat(296) + ".pdf"));
	}

	private void watchHeap() {
		HttpClient http = HttpClient.newHttpClient();
		URI metric = this.worker.base().resolve("/actuator/metrics/jvm.memory.used?tag=area:heap");
		while (!Thread.currentThread().isInterrupted()) {
			try {
				HttpResponse<String> response = http.send(HttpRequest.newBuilder(metric).build(),
						HttpResponse.BodyHandlers.ofString());
				String body = response.body();
				int at = body.indexOf("\"value\":");
				if (at >= 0) {
					String number = body.substring(at + 8).split("[,}]")[0];
					this.peakHeap.accumulateAndGet((long) Double.parseDouble(number), Math::max);
				}
				java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
			}
			catch (IOException ex) {
				// the worker is between states; keep watching
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

}
