package dev.ocrpipe.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import dev.ocrpipe.common.events.PageRequested;
import dev.ocrpipe.common.jobs.DocumentType;
import dev.ocrpipe.common.store.JobFields;
import dev.ocrpipe.common.store.PageFields;
import dev.ocrpipe.worker.ocr.OcrEngine;
import dev.ocrpipe.worker.ocr.OcrResult;
import dev.ocrpipe.worker.ocr.PageImage;
import dev.ocrpipe.worker.pages.PageProcessor;
import dev.ocrpipe.testkit.SampleDocuments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How the page feed copes with faults on the page thread and with a page delivered again while it
 * is in flight here, with a scripted engine in place of OCR.
 */
@SpringBootTest(properties = { "ocr.worker.instance-id=faults-it", "ocr.worker.engine=gemini",
		"ocr.worker.gemini.api-key=test-key", "ocr.worker.pages.concurrency=3",
		"ocr.worker.kafka.retry-initial=200ms", "ocr.worker.kafka.retry-max=500ms",
		"management.health.mongodb.enabled=false",
		// a short lease and a busy reconciler: a page kept longer than its lease must keep it
		"ocr.worker.pages.lease=3s", "ocr.worker.reconcile-interval=1s" })
class PageFaultsIT extends WorkerTestBase {

	@Autowired
	PageProcessor processor;

	@BeforeEach
	void answerEveryPage() {
		ScriptedEngine.reset((call) -> null);
	}

	@Test
	void aTaskThatFindsItsPageInFlightHereWaitsForItBeforeItIsDone() {
		CountDownLatch gate = new CountDownLatch(1);
		ScriptedEngine.reset((call) -> {
			pass(gate);
			return null;
		});
		String jobId = submit(SampleDocuments.scannedPdf("IN FLIGHT"), DocumentType.PDF);
		await().atMost(Duration.ofSeconds(30)).until(() -> ScriptedEngine.calls.get() == 1);
		// the same task again, as after the partition came back to this worker
		PageRequested again = new PageRequested(jobId, 1, 1, job(jobId).getString(JobFields.UPLOAD_ID),
				DocumentType.PDF, "again", Instant.now());
		CompletableFuture<Void> duplicate = CompletableFuture.runAsync(() -> this.processor.process(again),
				Executors.newVirtualThreadPerTaskExecutor());

		await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> !duplicate.isDone());
		gate.countDown();
		duplicate.join();

		assertThat(pages(jobId).get(0).getString(PageFields.STATUS)).isEqualTo("DONE");
		assertThat(awaitTerminal(jobId).getString(JobFields.STATUS)).isEqualTo("SUCCEEDED");
		assertThat(ScriptedEngine.calls.get()).isEqualTo(1);
	}

	@Test
	void aPageWorkedOnLongerThanItsLeaseKeepsItAndIsDoneOnce() {
		CountDownLatch gate = new CountDownLatch(1);
		ScriptedEngine.reset((call) -> {
			pass(gate);
			return null;
		});
		String jobId = submit(SampleDocuments.scannedPdf("SLOW CALL"), DocumentType.PDF);
		await().atMost(Duration.ofSeconds(30)).until(() -> ScriptedEngine.calls.get() == 1);

		// three leases long, with the reconciler looking for expired leases every second
		await().during(Duration.ofSeconds(9)).atMost(Duration.ofSeconds(12)).until(() -> {
			Document page = pages(jobId).get(0);
			return "RUNNING".equals(page.getString(PageFields.STATUS)) && page.getInteger(PageFields.ATTEMPTS) == 1
					&& ScriptedEngine.calls.get() == 1;
		});
		gate.countDown();

		assertThat(awaitTerminal(jobId, Duration.ofSeconds(30)).getString(JobFields.STATUS)).isEqualTo("SUCCEEDED");
		assertThat(pages(jobId).get(0).getInteger(PageFields.ATTEMPTS)).isEqualTo(1);
		assertThat(ScriptedEngine.calls.get()).isEqualTo(1);
	}

	@Test
	void aFailureAfterTheClaimIsRetriedForReal() {
		ScriptedEngine.reset((call) -> {
			if (call == 1) {
				throw new IllegalStateException("MongoDB went away for a moment");
			}
			return null;
		});
		String jobId = submit(SampleDocuments.scannedPdf("RETRIED"), DocumentType.PDF);

		Document job = awaitTerminal(jobId, Duration.ofSeconds(30));
		assertThat(job.getString(JobFields.STATUS)).isEqualTo("SUCCEEDED");
		Document page = pages(jobId).get(0);
		assertThat(page.getString(PageFields.TEXT)).isEqualTo("text 2");
		assertThat(page.getInteger(PageFields.ATTEMPTS)).isEqualTo(2);
	}

	@Test
	void anErrorOnThePageThreadIsRetriedAndTheOffsetMovesOn() throws Exception {
		ScriptedEngine.reset((call) -> {
			if (call == 1) {
				throw new StackOverflowError("deep");
			}
			return null;
		});
		String jobId = submit(SampleDocuments.scannedPdf("AFTER AN ERROR"), DocumentType.PDF);
		ConsumerRecord<String, String> task = pageTaskOf(jobId);

		Document job = awaitTerminal(jobId, Duration.ofSeconds(30));
		assertThat(job.getString(JobFields.STATUS)).isEqualTo("SUCCEEDED");
		assertThat(pages(jobId).get(0).getString(PageFields.TEXT)).isEqualTo("text 2");
		await().atMost(Duration.ofSeconds(30)).until(() -> committedOffset(task) > task.offset());
	}

	private Document awaitTerminal(String jobId, Duration atMost) {
		return await().atMost(atMost)
			.until(() -> job(jobId), (job) -> dev.ocrpipe.common.jobs.JobStatus.valueOf(job.getString(JobFields.STATUS))
				.isTerminal());
	}

	private static void pass(CountDownLatch gate) {
		try {
			gate.await(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** An engine that behaves as the test scripts it, per call number (from 1); null means answer. */
	static final class ScriptedEngine implements OcrEngine {

		static final AtomicInteger calls = new AtomicInteger();

		static volatile IntFunction<OcrResult> script = (call) -> null;

		static void reset(IntFunction<OcrResult> next) {
			calls.set(0);
			script = next;
		}

		@Override
		public String name() {
			return "scripted";
		}

		@Override
		public OcrResult recognise(PageImage page) {
			int call = calls.incrementAndGet();
			OcrResult scripted = script.apply(call);
			return (scripted != null) ? scripted : new OcrResult("text " + call, "scripted", "m", "v", "p", "STOP",
					OcrResult.TokenUsage.NONE, 1, "sha");
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Scripted {

		@Bean
		@Primary
		OcrEngine scriptedEngine() {
			return new ScriptedEngine();
		}

	}

}
