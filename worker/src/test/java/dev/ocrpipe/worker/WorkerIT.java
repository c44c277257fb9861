package dev.ocrpipe.worker;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.mongodb.client.gridfs.GridFSBuckets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import dev.ocrpipe.common.events.PageRequested;
import dev.ocrpipe.common.events.Topics;
import dev.ocrpipe.common.jobs.DocumentType;
import dev.ocrpipe.common.jobs.JobStatus;
import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.common.store.EventFields;
import dev.ocrpipe.common.store.JobFields;
import dev.ocrpipe.common.store.PageFields;
import dev.ocrpipe.emulator.Reply;
import dev.ocrpipe.emulator.Responders;
import dev.ocrpipe.testkit.SampleDocuments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker with the Gemini engine (pointed at the emulator).
 */
@SpringBootTest(properties = { "ocr.worker.instance-id=worker-it", "ocr.worker.engine=gemini",
		"ocr.worker.gemini.api-key=test-key", "ocr.worker.gemini.timeout=5s", "ocr.worker.pages.concurrency=3",
		"ocr.worker.guard.backoff-initial=50ms", "ocr.worker.reconcile-interval=1s", "management.health.mongodb.enabled=false" })
class WorkerIT extends WorkerTestBase {

	@BeforeEach
	void readPagesForReal() {
		gemini.reset();
		gemini.respondWith(Responders.tesseract(reader));
	}

	@Test
	void textLayerPdfSucceedsWithoutOcr() {
		String jobId = submit(SampleDocuments.textPdf("Invoice 2026-117\nTotal due: 1,250.00 EUR by 31 December",
				"Second page: terms and conditions of the agreement apply"), DocumentType.PDF);

		Document job = awaitTerminal(jobId);
		assertThat(job.getString(JobFields.STATUS)).isEqualTo(JobStatus.SUCCEEDED.name());
		assertThat(job.get(JobFields.COUNTS, Document.class)).containsEntry("total", 2).containsEntry("skipped", 2);
		List<Document> pages = pages(jobId);
		assertThat(pages).extracting((page) -> page.getString(PageFields.STATUS))
			.containsExactly("SKIPPED_TEXT_LAYER", "SKIPPED_TEXT_LAYER");
		assertThat(pages.get(0).getString(PageFields.TEXT)).contains("Invoice 2026-117").contains("1,250.00 EUR");
		assertThat(pages.get(1).getString(PageFields.TEXT)).contains("terms and conditions");
		assertThat(gemini.callCount()).isZero();
	}

	@Test
	void scannedPdfIsRecognisedPageByPageInOrder() {
		String jobId = submit(SampleDocuments.scannedPdf("FIRST PAGE ALPHA", "SECOND PAGE BRAVO", "THIRD PAGE CHARLIE"),
				DocumentType.PDF);

		Document job = awaitTerminal(jobId);
		assertThat(job.getString(JobFields.STATUS)).isEqualTo(JobStatus.SUCCEEDED.name());
		assertThat(gemini.callCount()).isEqualTo(3);
		List<Document> pages = pages(jobId);
		assertThat(pages).extracting((page) -> page.getString(PageFields.TEXT))
			.satisfiesExactly((text) -> assertThat(text).contains("ALPHA"),
					(text) -> assertThat(text).contains("BRAVO"), (text) -> assertThat(text).contains("CHARLIE"));
		Document first = pages.get(0);
		assertThat(first.getString(PageFields.ENGINE)).isEqualTo("gemini");
		assertThat(first.getString(PageFields.FINISH_REASON)).isEqualTo("STOP");
		assertThat(first.getString(PageFields.MODEL_VERSION)).contains("emulator");
		assertThat(first.getString(PageFields.PROMPT_VERSION)).isNotBlank();
		assertThat(first.getString(PageFields.IMAGE_SHA256)).hasSize(64);
		assertThat(first.get(PageFields.USAGE, Document.class).getInteger("total")).isPositive();
		assertThat(job.get(JobFields.USAGE, Document.class).getInteger("total")).isPositive();
		assertThat(job.getList(JobFields.ENGINES, String.class)).containsExactly("gemini");
	}

	@Test
	void redeliveredPageTaskIsCountedOnce() {
		String jobId = submit(SampleDocuments.scannedPdf("ONLY PAGE DELTA"), DocumentType.PDF);
		Document job = awaitTerminal(jobId);
		Document upload = job(jobId);

		this.kafka.send(Topics.PAGE_REQUESTED, jobId, new PageRequested(jobId, 1, 1, upload.getString(JobFields.UPLOAD_ID),
				DocumentType.PDF, "again", Instant.now()));
		String marker = submit(SampleDocuments.textPdf("A later job marks that the redelivery was consumed by now"),
				DocumentType.PDF);
		awaitTerminal(marker);

		Document after = job(jobId);
		assertThat(after.get(JobFields.COUNTS, Document.class)).isEqualTo(job.get(JobFields.COUNTS, Document.class));
		assertThat(after.get(JobFields.USAGE, Document.class)).isEqualTo(job.get(JobFields.USAGE, Document.class));
		assertThat(gemini.callCount()).isEqualTo(1);
		assertThat(pages(jobId).get(0).getInteger(PageFields.ATTEMPTS)).isEqualTo(1);
	}

	@Test
	void encryptedPdfFailsWithItsCode() {
		String jobId = submit(SampleDocuments.encryptedPdf("secret"), DocumentType.PDF);

		Document job = awaitTerminal(jobId);
		assertThat(job.getString(JobFields.STATUS)).isEqualTo(JobStatus.FAILED.name());
		assertThat(job.getString(JobFields.ERROR_CODE)).isEqualTo("PDF_ENCRYPTED");
		assertThat(pages(jobId)).isEmpty();
	}

	@Test
	void truncatedFinishIsFlaggedAndEmptyAnswerOnInkedPageFails() {
		gemini.respondWith((call) -> (call.seq() % 2 == 1) ? Reply.text("partial text", "MAX_TOKENS")
				: Reply.text(""));
		String jobId = submit(SampleDocuments.scannedPdf("PAGE ECHO"), DocumentType.PDF);
		Document truncated = awaitTerminal(jobId);
		String second = submit(SampleDocuments.scannedPdf("PAGE FOXTROT"), DocumentType.PDF);
		Document empty = awaitTerminal(second);

		assertThat(truncated.getString(JobFields.STATUS)).isEqualTo("SUCCEEDED");
		Document page = pages(jobId).get(0);
		assertThat(page.getString(PageFields.FINISH_REASON)).isEqualTo("MAX_TOKENS");
		assertThat(page.getList(PageFields.FLAGS, Document.class)).extracting((flag) -> flag.getString("code"))
			.containsExactly("OCR_FINISH_REASON");
		assertThat(empty.getString(JobFields.STATUS)).isEqualTo("FAILED");
		assertThat(pages(second).get(0).getString(PageFields.ERROR_CODE)).isEqualTo("OCR_EMPTY_OUTPUT");
	}

	@Test
	void whatGeminiSaysOfAFailureStaysInTheLogAndThePageGetsASafeSentence() {
		gemini.respondWith((call) -> Reply.error(403,
				"Permission denied: consumer 'projects/acme-prod-4711' has no access; quota project acme-billing"));
		String jobId = submit(SampleDocuments.scannedPdf("PAGE SECRET"), DocumentType.PDF);

		awaitTerminal(jobId);
		Document page = pages(jobId).get(0);
		assertThat(page.getString(PageFields.STATUS)).isEqualTo("FAILED");
		assertThat(page.getString(PageFields.ERROR_CODE)).isEqualTo("OCR_UNAVAILABLE");
		assertThat(page.getString(PageFields.ERROR_MESSAGE)).isNotBlank()
			.doesNotContain("acme")
			.doesNotContain("projects/")
			.doesNotContain("403")
			.doesNotContainIgnoringCase("permission");
	}

	@Test
	void transientGeminiErrorsAreRetriedThenSucceed() {
		gemini.respondWith((call) -> (call.seq() <= 2) ? Reply.error(503, "overloaded") : Reply.text("GOLF"));
		String jobId = submit(SampleDocuments.scannedPdf("PAGE GOLF"), DocumentType.PDF);

		Document job = awaitTerminal(jobId);
		assertThat(job.getString(JobFields.STATUS)).isEqualTo("SUCCEEDED");
		assertThat(gemini.callCount()).isEqualTo(3);
		assertThat(pages(jobId).get(0).getString(PageFields.TEXT)).isEqualTo("GOLF");
	}

	@Test
	void multiPageTiffIsManyPages() {
		gemini.respondWith((call) -> Reply.text("tiff page"));
		String jobId = submit(SampleDocuments.tiff("ONE", "TWO"), DocumentType.TIFF);

		Document job = awaitTerminal(jobId);
		assertThat(job.getString(JobFields.STATUS)).isEqualTo("SUCCEEDED");
		assertThat(job.get(JobFields.COUNTS, Document.class)).containsEntry("total", 2).containsEntry("done", 2);
	}

	@Test
	void everyEventIsJournalledInSeqOrderBeforeItIsPublished() {
		String jobId = submit(SampleDocuments.scannedPdf("PAGE HOTEL", "PAGE INDIA"), DocumentType.PDF);
		awaitTerminal(jobId);

		List<Document> events = this.mongo.getCollection(Collections.JOB_EVENTS)
			.find(new Document(EventFields.JOB_ID, jobId))
			.sort(new Document(EventFields.SEQ, 1))
			.into(new java.util.ArrayList<>());
		assertThat(events).extracting((event) -> event.getString(EventFields.TYPE))
			.containsExactly("JobStarted", "PageFinished", "PageFinished", "JobFinished");
		assertThat(events).extracting((event) -> event.getLong(EventFields.SEQ)).containsExactly(1L, 2L, 3L, 4L);
		assertThat(events.get(3).getString(EventFields.PAYLOAD)).contains("\"type\":\"JobFinished\"")
			.contains("\"status\":\"SUCCEEDED\"");
		assertThat(job(jobId).get(JobFields.EVENT_SEQ, Number.class).longValue()).isEqualTo(4L);
	}

	@Test
	void cancelStopsOcrCallsAndKeepsFinishedPages() {
		gemini.respondWith((call) -> Reply.text("slow page").withDelay(Duration.ofMillis(300)));
		String[] texts = new String[12];
		java.util.Arrays.setAll(texts, (i) -> "CANCEL PAGE " + (i + 1));
		String jobId = submit(SampleDocuments.scannedPdf(texts), DocumentType.PDF);
		await().atMost(Duration.ofSeconds(60)).until(() -> pages(jobId).stream()
			.filter((page) -> "DONE".equals(page.getString(PageFields.STATUS)))
			.count() >= 2);

		this.mongo.getCollection(Collections.JOBS)
			.updateOne(new Document(JobFields.ID, jobId).append(JobFields.STATUS, "RUNNING"),
					new Document("$set", new Document(JobFields.STATUS, "CANCELLING")));
		Document job = awaitTerminal(jobId);
		int callsAtCancel = gemini.callCount();

		assertThat(job.getString(JobFields.STATUS)).isEqualTo("CANCELLED");
		List<Document> pages = pages(jobId);
		long done = pages.stream().filter((page) -> "DONE".equals(page.getString(PageFields.STATUS))).count();
		assertThat(done).isGreaterThanOrEqualTo(2).isLessThan(12);
		assertThat(pages).allSatisfy((page) -> assertThat(page.getString(PageFields.STATUS)).isIn("DONE", "QUEUED"));
		assertThat(job.get(JobFields.COUNTS, Document.class).getInteger("done")).isEqualTo((int) done);
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> gemini.callCount() == callsAtCancel);
		assertThat(this.mongo.getCollection(Collections.JOB_EVENTS)
			.find(new Document(EventFields.JOB_ID, jobId).append(EventFields.TYPE, "JobFinished"))
			.first()
			.getString(EventFields.PAYLOAD)).contains("CANCELLED");
	}

	@Test
	void aSparseTextLayerThatOcrContradictsIsFlagged() {
		gemini.respondWith((call) -> Reply.text("Completely different words were recognised on this scanned page"));
		String jobId = submit(SampleDocuments.scannedPdfWithCaption("SCANNED BODY",
				"Archive copy of the municipal water quality report"), DocumentType.PDF);

		Document job = awaitTerminal(jobId);
		assertThat(job.getString(JobFields.STATUS)).isEqualTo("SUCCEEDED");
		assertThat(pages(jobId).get(0).getList(PageFields.FLAGS, Document.class)).extracting((flag) -> flag.getString("code"))
			.containsExactly("TEXT_LAYER_DISAGREEMENT");
	}

	@Test
	void aPageHeldPastItsLeaseByAVanishedWorkerIsQueuedAgain() {
		gemini.respondWith((call) -> Reply.text("recovered"));
		String jobId = new ObjectId().toHexString();
		ObjectId uploadId = GridFSBuckets.create(this.mongo.getDb(), Collections.UPLOADS_BUCKET)
			.uploadFromStream(jobId, new ByteArrayInputStream(SampleDocuments.scannedPdf("LOST PAGE")));
		Instant longAgo = Instant.now().minus(Duration.ofHours(1));
		this.mongo.getCollection(Collections.JOBS)
			.insertOne(new Document(JobFields.ID, jobId).append(JobFields.OWNER, "local")
				.append(JobFields.STATUS, "RUNNING")
				.append(JobFields.TYPE, "PDF")
				.append(JobFields.UPLOAD_ID, uploadId.toHexString())
				.append(JobFields.COUNTS, new Document("total", 1).append("done", 0).append("skipped", 0).append("failed", 0))
				.append(JobFields.EVENT_SEQ, 1L)
				.append(JobFields.UPDATED_AT, longAgo));
		this.mongo.getCollection(Collections.PAGES)
			.insertOne(new Document(PageFields.ID, PageFields.idOf(jobId, 1)).append(PageFields.JOB_ID, jobId)
				.append(PageFields.OWNER, "local")
				.append(PageFields.PAGE, 1)
				.append(PageFields.STATUS, "RUNNING")
				.append(PageFields.ATTEMPTS, 1)
				.append(PageFields.WORKER, "ghost#dead")
				.append(PageFields.LEASE_UNTIL, longAgo));

		Document job = awaitTerminal(jobId);
		assertThat(job.getString(JobFields.STATUS)).isEqualTo("SUCCEEDED");
		Document page = pages(jobId).get(0);
		assertThat(page.getString(PageFields.TEXT)).isEqualTo("recovered");
		assertThat(page.getInteger(PageFields.ATTEMPTS)).isEqualTo(2);
		assertThat(page.getString(PageFields.WORKER)).startsWith("worker-it#");
	}

	@Test
	void aPoisonPageTaskGoesToTheDeadLetterTopicWithItsRawBytesAndTheReason() {
		byte[] poison = "{ this is not a page task".getBytes(java.nio.charset.StandardCharsets.UTF_8);
		Map<String, Object> producer = KafkaTestUtils.producerProps(this.broker);
		try (var raw = new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer())) {
			raw.send(new ProducerRecord<>(Topics.PAGE_REQUESTED, "poison".getBytes(), poison));
		}
		Map<String, Object> consumer = KafkaTestUtils.consumerProps(this.broker, "dlt-reader", true);
		consumer.put("auto.offset.reset", "earliest");
		try (var dlt = new KafkaConsumer<>(consumer, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
			dlt.subscribe(List.of(Topics.PAGE_REQUESTED + Topics.DEAD_LETTER_SUFFIX));
			ConsumerRecord<byte[], byte[]> dead = KafkaTestUtils.getSingleRecord(dlt,
					Topics.PAGE_REQUESTED + Topics.DEAD_LETTER_SUFFIX, Duration.ofSeconds(60));
			assertThat(dead.value()).isEqualTo(poison);
			assertThat(dead.headers().lastHeader("kafka_dlt-exception-fqcn")).isNotNull();
			assertThat(new String(dead.headers().lastHeader("kafka_dlt-original-topic").value()))
				.isEqualTo(Topics.PAGE_REQUESTED);
		}
		// and the worker goes on with real work
		gemini.respondWith((call) -> Reply.text("after the poison"));
		assertThat(awaitTerminal(submit(SampleDocuments.scannedPdf("AFTER POISON"), DocumentType.PDF))
			.getString(JobFields.STATUS)).isEqualTo("SUCCEEDED");
	}

	@Test
	void aSlowPageHoldsOnlyItsOwnSlotAndItsOffsetIsNotCommittedBeforeItIsDurable() throws Exception {
		// the first call (the slow job's page) is held until the fast job has ended, at most 4.5 s (within
		// the client's 5 s timeout); the others answer at once. Were the slow page to block the others,
		// the fast job could only end after it.
		AtomicReference<String> fastJob = new AtomicReference<>();
		gemini.respondWith((call) -> {
			if (call.seq() != 1) {
				return Reply.text("fast");
			}
			try {
				await().atMost(Duration.ofMillis(4500))
					.until(() -> fastJob.get() != null && JobStatus.valueOf(job(fastJob.get()).getString(JobFields.STATUS))
						.isTerminal());
			}
			catch (ConditionTimeoutException ex) {
				// the assertions below tell what happened
			}
			return Reply.text("slow");
		});
		String slow = submit(SampleDocuments.scannedPdf("SLOW PAGE"), DocumentType.PDF);
		await().atMost(Duration.ofSeconds(30)).until(() -> gemini.callCount() >= 1);
		ConsumerRecord<String, String> slowTask = pageTaskOf(slow);

		String fast = submit(SampleDocuments.scannedPdf("FAST 1", "FAST 2", "FAST 3", "FAST 4"), DocumentType.PDF);
		fastJob.set(fast);
		Document fastDone = awaitTerminal(fast);
		// read the commit before the page: if the page was still running then, the commit must not pass it
		long committed = committedOffset(slowTask);
		String slowStatus = pages(slow).get(0).getString(PageFields.STATUS);

		assertThat(fastDone.getString(JobFields.STATUS)).isEqualTo("SUCCEEDED");
		if ("RUNNING".equals(slowStatus)) {
			assertThat(committed).isLessThanOrEqualTo(slowTask.offset());
		}
		Document slowJob = awaitTerminal(slow);
		assertThat(slowJob.getString(JobFields.STATUS)).isEqualTo("SUCCEEDED");
		// the other pages did not wait for the slow one: the fast job ended first
		assertThat(fastDone.getDate(JobFields.FINISHED_AT)).isBefore(pages(slow).get(0).getDate(PageFields.FINISHED_AT));
		// and once it is durable its offset is committed, though no more tasks arrive
		await().atMost(Duration.ofSeconds(30)).until(() -> committedOffset(slowTask) > slowTask.offset());
	}

}
