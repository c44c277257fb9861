package dev.ocrpipe.worker;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

import dev.ocrpipe.common.jobs.DocumentType;
import dev.ocrpipe.common.jobs.JobStatus;
import dev.ocrpipe.common.store.JobFields;
import dev.ocrpipe.emulator.Reply;
import dev.ocrpipe.emulator.Responders;
import dev.ocrpipe.testkit.SampleDocuments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker whose listener containers stop heals them: the pipeline resumes after an {@code Error}
 * on a consumer thread, a consumer gone from a running container, and an abnormal stop.
 */
@SpringBootTest(properties = { "ocr.worker.instance-id=recovery-it", "ocr.worker.engine=gemini",
		"ocr.worker.gemini.api-key=test-key", "ocr.worker.pages.concurrency=2",
		"management.health.mongodb.enabled=false", "ocr.worker.health.check-interval=500ms",
		"ocr.worker.health.restart-backoff=200ms", "ocr.worker.health.max-restarts=20" })
@Import(ListenerFaults.class)
class ListenerRecoveryIT extends WorkerTestBase {

	@Autowired
	KafkaListenerEndpointRegistry registry;

	@BeforeEach
	void answerEveryPage() {
		ListenerFaults.pageErrors.set(0);
		gemini.reset();
		gemini.respondWith(Responders.fixed(Reply.text("recognised")));
	}

	@Test
	void anErrorOnThePageConsumerThreadStopsItsContainerWhichIsRestarted() {
		ListenerFaults.pageErrors.set(1);
		String first = submit(SampleDocuments.png("BEFORE THE ERROR"), DocumentType.PNG);
		await().atMost(Duration.ofSeconds(30)).until(() -> ListenerFaults.pageErrors.get() == 0);

		String second = submit(SampleDocuments.png("AFTER THE ERROR"), DocumentType.PNG);

		assertSucceeds(second);
		// the task of the poll that failed was not committed: it is delivered again after the restart
		assertSucceeds(first);
	}

	@Test
	void aConsumerGoneFromARunningContainerIsReplaced() {
		ConcurrentMessageListenerContainer<?, ?> pages = (ConcurrentMessageListenerContainer<?, ?>) this.registry
			.getListenerContainer("ocr-pages");
		pages.getContainers().get(0).stop();
		assertThat(pages.isRunning()).isTrue();

		assertSucceeds(submit(SampleDocuments.png("CONSUMER REPLACED"), DocumentType.PNG));
	}

	@Test
	void aContainerStoppedAbnormallyIsRestarted() {
		MessageListenerContainer planner = this.registry.getListenerContainer("ocr-planner");
		CountDownLatch stopped = new CountDownLatch(1);
		planner.stopAbnormally(stopped::countDown);
		await().atMost(Duration.ofSeconds(30)).until(() -> stopped.getCount() == 0);

		assertSucceeds(submit(SampleDocuments.png("PLANNER RESTARTED"), DocumentType.PNG));
	}

	private void assertSucceeds(String jobId) {
		Document job = awaitTerminal(jobId);
		assertThat(job.getString(JobFields.STATUS)).isEqualTo(JobStatus.SUCCEEDED.name());
	}

}
