package dev.ocrpipe.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.common.store.PageFields;
import dev.ocrpipe.e2e.OcrpipeClient.Part;
import dev.ocrpipe.e2e.OcrpipeClient.Response;
import dev.ocrpipe.emulator.GeminiEmulator;
import dev.ocrpipe.emulator.Reply;
import dev.ocrpipe.emulator.Responders;
import dev.ocrpipe.tesseract.Tessdata;
import dev.ocrpipe.tesseract.TesseractReader;
import dev.ocrpipe.testkit.SampleDocuments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pipeline end to end, through the API of a running stack: the API and workers from their
 * executable jars, each in its own JVM, and Gemini played by the emulator. Subclasses provide Kafka
 * and MongoDB.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class PipelineScenarios {

	private final List<Deployables.Running> workers = new ArrayList<>();

	private TesseractReader reader;

	private GeminiEmulator gemini;

	private MongoClient mongoClient;

	private Deployables.Running api;

	private Deployables deployables;

	private OcrpipeClient client;

	/** Starts Kafka and MongoDB. */
	protected abstract void startInfrastructure() throws Exception;

	protected abstract void stopInfrastructure();

	protected abstract String mongoUri();

	protected abstract String kafkaBootstrapServers();

	@BeforeAll
	void startStack() throws Exception {
		startInfrastructure();
		this.mongoClient = MongoClients.create(mongoUri());
		this.reader = new TesseractReader(Tessdata.bundled(), "eng", 2);
		this.gemini = GeminiEmulator.start(0);
		Path logs = Files.createDirectories(Path.of("target", "e2e-logs", getClass().getSimpleName()));
		this.deployables = new Deployables(logs, mongoUri(), kafkaBootstrapServers());
		this.api = this.deployables.api(Map.of("OCR_API_UPLOADS_MAXFILESIZE", "2MB"));
		this.workers.add(startWorker("worker-1"));
		this.client = this.deployables.client(this.api);
	}

	@AfterAll
	void stopStack() {
		this.workers.forEach((worker) -> worker.jvm().stop(Duration.ofSeconds(30)));
		if (this.api != null) {
			this.api.jvm().stop(Duration.ofSeconds(30));
		}
		if (this.gemini != null) {
			this.gemini.close();
		}
		if (this.reader != null) {
			this.reader.close();
		}
		if (this.mongoClient != null) {
			this.mongoClient.close();
		}
		stopInfrastructure();
	}

	@Test
	@Order(1)
	void textLayerPdfSucceedsWithItsTextAndNoOcrCall() {
		this.gemini.reset();
		String id = uploadOne("contract.pdf", "application/pdf",
				SampleDocuments.textPdf("Service agreement between ACME GmbH and Example Ltd\nSigned 1 March 2026",
						"Clause 7: either party may terminate with 30 days notice"));

		JsonNode job = awaitTerminal(id);
		assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.path("pages").path("skipped").asInt()).isEqualTo(2);
		Response text = this.client.get("/api/v1/jobs/" + id + "/result?format=txt");
		assertThat(text.status()).isEqualTo(200);
		assertThat(text.body()).contains("Service agreement between ACME GmbH and Example Ltd")
			.contains("Clause 7: either party may terminate");
		assertThat(text.body().indexOf("ACME")).isLessThan(text.body().indexOf("Clause 7"));
		assertThat(this.gemini.callCount()).isZero();
	}

	@Test
	@Order(2)
	void scannedPdfCallsGeminiOncePerPageAndKeepsPageOrder() {
		this.gemini.reset();
		this.gemini.respondWith(Responders.tesseract(this.reader));
		String id = uploadOne("scan.pdf", "application/pdf",
				SampleDocuments.scannedPdf("FIRST PAGE ALPHA", "SECOND PAGE BRAVO", "THIRD PAGE CHARLIE"));

		JsonNode job = awaitTerminal(id);
		assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(this.gemini.callCount()).isEqualTo(3);
		String text = this.client.get("/api/v1/jobs/" + id + "/result?format=txt").body();
		assertThat(text).contains("ALPHA", "BRAVO", "CHARLIE");
		assertThat(text.indexOf("ALPHA")).isLessThan(text.indexOf("BRAVO"));
		assertThat(text.indexOf("BRAVO")).isLessThan(text.indexOf("CHARLIE"));
		JsonNode json = this.client.get("/api/v1/jobs/" + id + "/result?format=json").json();
		assertThat(json.path("pages").get(0).path("modelVersion").asString()).contains("emulator");
		assertThat(json.path("pages").get(0).path("finishReason").asString()).isEqualTo("STOP");
		assertThat(job.path("usage").path("total").asInt()).isPositive();
	}

	@Test
	@Order(3)
	void badInputGetsItsDocumentedError() {
		Response empty = this.client.upload(new Part("empty.pdf", "application/pdf", new byte[0]));
		assertThat(empty.status()).isEqualTo(400);
		assertThat(empty.contentType()).startsWith("application/problem+json");
		assertThat(empty.json().path("code").asString()).isEqualTo("FILE_EMPTY");

		Response notPdf = this.client.upload(new Part("notes.pdf", "application/pdf", "just text".getBytes()));
		assertThat(notPdf.status()).isEqualTo(415);
		assertThat(notPdf.json().path("code").asString()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");

		Response tooLarge = this.client
			.upload(new Part("big.png", "image/png", padded(SampleDocuments.png("BIG"), 3 * 1024 * 1024)));
		assertThat(tooLarge.status()).isEqualTo(413);
		assertThat(tooLarge.json().path("code").asString()).isEqualTo("FILE_TOO_LARGE");
		assertThat(tooLarge.json().path("requestId").asString()).isNotBlank();

		String encrypted = uploadOne("locked.pdf", "application/pdf", SampleDocuments.encryptedPdf("secret"));
		JsonNode job = awaitTerminal(encrypted);
		assertThat(job.path("status").asString()).isEqualTo("FAILED");
		assertThat(job.path("errorCode").asString()).isEqualTo("PDF_ENCRYPTED");
	}

	@Test
	@Order(4)
	void twoWorkersShareOneDocumentAndDoEveryPageExactlyOnce() {
		this.workers.add(startWorker("worker-2"));
		awaitPageConsumers(2);
		this.gemini.reset();
		this.gemini.respondWith((call) -> Reply.text("recognised text").withDelay(Duration.ofMillis(200)));
		String[] texts = new String[40];
		for (int i = 0; i < texts.length; i++) {
			texts[i] = "PAGE " + (i + 1);
		}
		String id = uploadOne("forty.pdf", "application/pdf", SampleDocuments.scannedPdf(texts));

		JsonNode job = awaitTerminal(id);
		assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.path("pages").path("done").asInt()).isEqualTo(40);
		List<Document> pages = pages(id);
		assertThat(pages).hasSize(40);
		assertThat(pages).allSatisfy((page) -> assertThat(page.getInteger(PageFields.ATTEMPTS)).isEqualTo(1));
		Set<String> workerNames = new HashSet<>();
		pages.forEach((page) -> workerNames.add(page.getString(PageFields.WORKER).split("#")[0]));
		assertThat(workerNames).containsExactlyInAnyOrder("worker-1", "worker-2");
		assertThat(this.gemini.callCount()).isEqualTo(40);
		JsonNode result = this.client.get("/api/v1/jobs/" + id + "/result?format=json").json();
		List<Integer> numbers = new ArrayList<>();
		result.path("pages").forEach((page) -> numbers.add(page.path("page").asInt()));
		assertThat(numbers).hasSize(40).isSorted().doesNotHaveDuplicates();
	}

	@Test
	@Order(5)
	void aJobSurvivesItsWorkerBeingKilled() {
		while (this.workers.size() > 1) {
			this.workers.remove(this.workers.size() - 1).jvm().stop(Duration.ofSeconds(30));
		}
		this.gemini.reset();
		this.gemini.respondWith((call) -> Reply.text("survivor text").withDelay(Duration.ofMillis(400)));
		String[] texts = new String[20];
		for (int i = 0; i < texts.length; i++) {
			texts[i] = "KILL TEST PAGE " + (i + 1);
		}
		String id = uploadOne("twenty.pdf", "application/pdf", SampleDocuments.scannedPdf(texts));
		await().atMost(Duration.ofSeconds(90)).until(() -> finishedPages(id) >= 4);

		Deployables.Running doomed = this.workers.remove(0);
		doomed.jvm().kill();
		this.workers.add(startWorker("worker-3"));

		JsonNode job = awaitTerminal(id);
		assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.path("pages").path("done").asInt()).isEqualTo(20);
		List<Document> pages = pages(id);
		assertThat(pages).hasSize(20).allSatisfy((page) -> assertThat(page.getString(PageFields.STATUS)).isEqualTo("DONE"));
		// each page was recognised at least once; at most the pages in flight when the worker died twice
		int inFlight = 4 * 2;
		assertThat(this.gemini.callCount()).isBetween(20, 20 + inFlight);
	}

	@Test
	@Order(6)
	void liveEventsFollowAJobAndAResumeMissesNothingAndRepeatsNothing() {
		this.gemini.reset();
		this.gemini.respondWith((call) -> Reply.text("live page").withDelay(Duration.ofMillis(400)));
		String id = uploadOne("live.pdf", "application/pdf",
				SampleDocuments.scannedPdf("LIVE 1", "LIVE 2", "LIVE 3", "LIVE 4", "LIVE 5", "LIVE 6"));
		URI events = this.api.base().resolve("/api/v1/jobs/" + id + "/events");

		AtomicInteger pagesSeen = new AtomicInteger();
		List<SseReader.Event> first;
		try (SseReader stream = new SseReader(events, this.client.token(), null)) {
			assertThat(stream.status()).isEqualTo(200);
			first = stream.until((event) -> "PageFinished".equals(event.event()) && pagesSeen.incrementAndGet() == 2);
		}
		assertThat(first.get(0).event()).isEqualTo("snapshot");
		assertThat(first.get(0).data()).contains("\"id\":\"" + id + "\"");
		String lastId = first.get(first.size() - 1).id();
		List<SseReader.Event> rest;
		try (SseReader stream = new SseReader(events, this.client.token(), lastId)) {
			rest = stream.until((event) -> "JobFinished".equals(event.event()));
			assertThat(stream.next()).as("the server ends the stream after the terminal event").isNull();
		}

		List<SseReader.Event> all = new ArrayList<>(first.subList(1, first.size()));
		all.addAll(rest);
		List<Long> seqs = all.stream().map((event) -> Long.parseLong(event.id())).toList();
		assertThat(seqs).as("no gap, no duplicate across the reconnect").isSorted().doesNotHaveDuplicates();
		assertThat(seqs.get(seqs.size() - 1) - seqs.get(0) + 1).isEqualTo(seqs.size());
		assertThat(all).filteredOn((event) -> "PageFinished".equals(event.event())).hasSize(6);
		assertThat(all.get(all.size() - 1).event()).isEqualTo("JobFinished");
		assertThat(all.get(all.size() - 1).data()).contains("\"status\":\"SUCCEEDED\"");
		assertThat(rest).noneMatch((event) -> "snapshot".equals(event.event()));
	}

	@Test
	@Order(7)
	void cancellingAJobStopsItsOcrCallsAndKeepsFinishedPages() {
		this.gemini.reset();
		this.gemini.respondWith((call) -> Reply.text("page before the cancel").withDelay(Duration.ofMillis(400)));
		String[] texts = new String[16];
		for (int i = 0; i < texts.length; i++) {
			texts[i] = "CANCEL ME " + (i + 1);
		}
		String id = uploadOne("cancel.pdf", "application/pdf", SampleDocuments.scannedPdf(texts));
		await().atMost(Duration.ofSeconds(90)).until(() -> finishedPages(id) >= 2);

		Response cancel = this.client.post("/api/v1/jobs/" + id + "/cancel");
		Instant cancelled = Instant.now();
		assertThat(cancel.status()).isEqualTo(202);
		assertThat(cancel.json().path("status").asString()).isIn("CANCELLING", "CANCELLED");
		JsonNode job = awaitTerminal(id);
		Instant closed = Instant.now();

		assertThat(job.path("status").asString()).isEqualTo("CANCELLED");
		int done = job.path("pages").path("done").asInt();
		assertThat(done).isGreaterThanOrEqualTo(2).isLessThan(16);
		assertThat(this.gemini.calls()).as("OCR calls that reached Gemini after the cancel was accepted")
			.noneMatch((call) -> call.receivedAt().isAfter(cancelled.plusMillis(500)));
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
			.until(() -> this.gemini.calls().stream().noneMatch((call) -> call.receivedAt().isAfter(closed)));
		assertThat(this.client.get("/api/v1/jobs/" + id + "/pages?after=0&limit=100").json().path("items").size())
			.as("finished pages are kept").isEqualTo(done);
	}

	@Test
	@Order(8)
	void retryRedoesOnlyTheFailedPages() {
		this.gemini.reset();
		this.gemini.respondWith((call) -> {
			String text = Responders.tesseract(this.reader).reply(call) instanceof Reply.Text reply ? reply.text() : "";
			return text.contains("BROKEN") ? Reply.error(400, "Request contains an invalid argument.")
					: Reply.text(text);
		});
		String id = uploadOne("retry.pdf", "application/pdf",
				SampleDocuments.scannedPdf("GOOD PAGE ONE", "BROKEN PAGE TWO", "GOOD PAGE THREE", "BROKEN PAGE FOUR"));
		JsonNode first = awaitTerminal(id);
		assertThat(first.path("status").asString()).isEqualTo("PARTIAL");
		assertThat(first.path("pages").path("failed").asInt()).isEqualTo(2);
		String goodBefore = this.client.get("/api/v1/jobs/" + id + "/result?format=txt").body();

		this.gemini.reset();
		this.gemini.respondWith(Responders.tesseract(this.reader));
		Response retry = this.client.post("/api/v1/jobs/" + id + "/retry");
		assertThat(retry.status()).isEqualTo(202);
		JsonNode job = awaitTerminal(id);

		assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(this.gemini.callCount()).as("only the two failed pages were recognised again").isEqualTo(2);
		String text = this.client.get("/api/v1/jobs/" + id + "/result?format=txt").body();
		assertThat(text).contains("GOOD PAGE ONE", "BROKEN PAGE TWO", "GOOD PAGE THREE", "BROKEN PAGE FOUR");
		assertThat(goodBefore).contains("GOOD PAGE ONE", "GOOD PAGE THREE");
	}

	@Test
	@Order(9)
	void deletingAJobLeavesNothingBehind() {
		this.gemini.reset();
		this.gemini.respondWith((call) -> Reply.text("to be deleted"));
		String id = uploadOne("delete.pdf", "application/pdf", SampleDocuments.scannedPdf("DELETE ME", "AND ME"));
		awaitTerminal(id);
		Document job = this.mongoClient.getDatabase("ocrpipe").getCollection(Collections.JOBS)
			.find(new Document("_id", id)).first();
		Object uploadId = new org.bson.types.ObjectId(job.getString("uploadId"));

		assertThat(this.client.delete("/api/v1/jobs/" + id).status()).isEqualTo(204);

		var db = this.mongoClient.getDatabase("ocrpipe");
		assertThat(db.getCollection(Collections.JOBS).countDocuments(new Document("_id", id))).isZero();
		assertThat(db.getCollection(Collections.PAGES).countDocuments(new Document("jobId", id))).isZero();
		assertThat(db.getCollection(Collections.JOB_EVENTS).countDocuments(new Document("jobId", id))).isZero();
		assertThat(db.getCollection("uploads.files").countDocuments(new Document("_id", uploadId))).isZero();
		assertThat(db.getCollection("uploads.chunks").countDocuments(new Document("files_id", uploadId))).isZero();
		assertThat(this.client.get("/api/v1/jobs/" + id).status()).isEqualTo(404);
	}

	@Test
	@Order(10)
	void anUploadRepeatedWithItsIdempotencyKeyCreatesNothingNew() {
		byte[] pdf = SampleDocuments.textPdf("Idempotent upload of a text page that needs no OCR at all");
		Response first = this.client.upload("same-key-1", new Part("once.pdf", "application/pdf", pdf));
		Response again = this.client.upload("same-key-1", new Part("once.pdf", "application/pdf", pdf));
		Response other = this.client.upload("same-key-1",
				new Part("other.pdf", "application/pdf", SampleDocuments.textPdf("Another document entirely here")));

		assertThat(first.status()).isEqualTo(202);
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.body()).isEqualTo(first.body());
		assertThat(other.status()).isEqualTo(422);
		assertThat(other.json().path("code").asString()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
	}

	@Test
	@Order(11)
	void aSmallJobOfOneOwnerDoesNotWaitBehindAnotherOwnersFlood() {
		this.gemini.reset();
		this.gemini.respondWith((call) -> Reply.text("flooded page").withDelay(Duration.ofMillis(500)));
		OcrpipeClient flooder = this.deployables.client(this.api, "flooder");
		OcrpipeClient patient = this.deployables.client(this.api, "patient");
		int documents = 6;
		int pagesEach = 50;
		Part[] flood = new Part[documents];
		for (int d = 0; d < documents; d++) {
			flood[d] = new Part("flood-" + d + ".pdf", "application/pdf", tinyScans("FLOOD " + d, pagesEach));
		}
		List<String> floodIds = new ArrayList<>();
		Response upload = flooder.upload(flood);
		assertThat(upload.status()).as(upload.body()).isEqualTo(202);
		upload.json().path("jobs").forEach((job) -> floodIds.add(job.path("id").asString()));
		assertThat(floodIds).hasSize(documents);
		// every page of the flood is planned (queued behind one another) before the small job comes
		await().atMost(Duration.ofSeconds(120))
			.until(() -> pageCollection().countDocuments(new Document(PageFields.JOB_ID, new Document("$in", floodIds)))
					== documents * pagesEach);

		Response small = patient.upload(new Part("one.png", "image/png", SampleDocuments.png("PATIENT PAGE")));
		assertThat(small.status()).as(small.body()).isEqualTo(202);
		String smallId = small.json().path("id").asString();
		JsonNode job = await().atMost(Duration.ofSeconds(180))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> patient.job(smallId), (j) -> "SUCCEEDED".equals(j.path("status").asString()));

		// counted after the small job ended, so at most as many as were open when it ended
		long floodOpen = pageCollection().countDocuments(new Document(PageFields.JOB_ID, new Document("$in", floodIds))
			.append(PageFields.STATUS, new Document("$in", List.of("QUEUED", "RUNNING"))));
		assertThat(job.path("pages").path("done").asInt()).isEqualTo(1);
		assertThat(floodOpen).as("the flood's pages still open when the small job had finished")
			.isGreaterThan(documents * pagesEach / 2);
		Document smallJob = this.mongoClient.getDatabase("ocrpipe")
			.getCollection(Collections.JOBS)
			.find(new Document("_id", smallId))
			.first();
		assertThat(smallJob.getString("lane")).isEqualTo("INTERACTIVE");
		assertThat(this.mongoClient.getDatabase("ocrpipe")
			.getCollection(Collections.JOBS)
			.countDocuments(new Document("_id", new Document("$in", floodIds)).append("lane", "BULK")))
			.isEqualTo(documents);
		await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(1))
			.until(() -> floodIds.stream().allMatch((id) -> "SUCCEEDED".equals(flooder.job(id).path("status").asString())));
	}

	/** A scanned PDF of tiny pages (a line of text each), cheap to render: what a flood is made of. */
	private static byte[] tinyScans(String name, int pages) {
		PDRectangle size = new PDRectangle(144, 72);
		try (PDDocument document = new PDDocument()) {
			for (int i = 1; i <= pages; i++) {
				PDPage page = new PDPage(size);
				document.addPage(page);
				PDImageXObject image = JPEGFactory.createFromImage(document,
						SampleDocuments.textImage(name + " PAGE " + i, 400, 200, 28), 0.8f);
				try (PDPageContentStream content = new PDPageContentStream(document, page)) {
					content.drawImage(image, 0, 0, size.getWidth(), size.getHeight());
				}
			}
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			document.save(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Deployables.Running startWorker(String name) {
		return this.deployables.worker(name,
				Map.of("OCR_WORKER_ENGINE", "gemini", "OCR_WORKER_GEMINI_APIKEY", "e2e-key",
						"OCR_WORKER_GEMINI_BASEURL", this.gemini.baseUrl().toString(), "OCR_WORKER_GEMINI_TIMEOUT",
						"10s", "OCR_WORKER_PAGES_CONCURRENCY", "4"));
	}

	private String uploadOne(String filename, String contentType, byte[] content) {
		Response response = this.client.upload(new Part(filename, contentType, content));
		assertThat(response.status()).as(response.body()).isEqualTo(202);
		return response.json().path("id").asString();
	}

	private JsonNode awaitTerminal(String id) {
		return await().atMost(Duration.ofSeconds(180))
			.pollInterval(Duration.ofMillis(300))
			.until(() -> this.client.job(id), (job) -> Set.of("SUCCEEDED", "PARTIAL", "FAILED", "CANCELLED")
				.contains(job.path("status").asString()));
	}

	private List<Document> pages(String jobId) {
		return pageCollection().find(new Document(PageFields.JOB_ID, jobId)).into(new ArrayList<>());
	}

	private long finishedPages(String jobId) {
		return pageCollection().countDocuments(new Document(PageFields.JOB_ID, jobId).append(PageFields.STATUS, "DONE"));
	}

	private MongoCollection<Document> pageCollection() {
		return this.mongoClient.getDatabase("ocrpipe").getCollection(Collections.PAGES);
	}

	/** Waits until {@code workers} workers take pages: two group members each, one per page lane. */
	private void awaitPageConsumers(int workers) {
		int members = 2 * workers;
		Properties properties = new Properties();
		properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers());
		try (Admin admin = Admin.create(properties)) {
			await().atMost(Duration.ofSeconds(90)).until(() -> {
				ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("ocr-pages"))
					.describedGroups()
					.get("ocr-pages")
					.get();
				return group.members().stream().filter((m) -> !m.assignment().topicPartitions().isEmpty()).count() >= members;
			});
		}
	}

	private static byte[] padded(byte[] png, int size) {
		byte[] out = new byte[size];
		System.arraycopy(png, 0, out, 0, png.length);
		return out;
	}

	static Path tempDirectory(String prefix) {
		try {
			return Files.createTempDirectory(prefix);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
