package dev.ocrpipe.api.live;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import dev.ocrpipe.api.IntegrationTestBase;
import dev.ocrpipe.api.OcrApiApplication;
import dev.ocrpipe.common.events.PageCounts;
import dev.ocrpipe.common.jobs.JobStatus;
import dev.ocrpipe.common.store.JobFields;
import io.micrometer.core.instrument.MeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two API instances on the same Kafka and MongoDB: a job uploaded to one is followed live on the
 * other, because each instance consumes every job event in a consumer group of its own.
 */
class TwoInstancesIT extends IntegrationTestBase {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static ConfigurableApplicationContext second;

	@Autowired
	Environment environment;

	@Autowired
	MeterRegistry metrics;

	@AfterAll
	static void stopSecond() {
		if (second != null) {
			second.close();
			second = null;
		}
	}

	private ConfigurableApplicationContext second() {
		if (second == null) {
			// catch-up is off, so whatever the second instance delivers came to it through Kafka
			// as arguments: default properties would lose to application.yml
			second = new SpringApplicationBuilder(OcrApiApplication.class).run("--server.port=0",
					"--spring.mongodb.uri=" + this.environment.getProperty("spring.mongodb.uri"),
					"--spring.kafka.bootstrap-servers=" + this.kafkaBroker.getBrokersAsString(),
					"--management.health.mongodb.enabled=false", "--ocr.api.live.heartbeat=1s",
					"--ocr.api.live.catch-up=10m",
					// the topics exist; the second instance's default partition counts must not grow
					// them under the shared context's test consumers
					"--spring.kafka.admin.auto-create=false",
					// it shares the rate-limit windows with the shared context, whose tests all come from
					// one address; RateLimitIT tests the limits
					"--ocr.api.rate-limit.enabled=false");
		}
		return second;
	}

	@Test
	void anInstanceWithoutTestModeHasNoTestLogin() {
		int otherPort = Integer.parseInt(second().getEnvironment().getProperty("local.server.port"));
		ResponseEntity<String> login = anonymous().post()
			.uri("http://localhost:" + otherPort + "/api/v1/auth/test-login")
			.header("X-Test-Auth", TEST_SECRET)
			.retrieve()
			.toEntity(String.class);

		assertThat(login.getStatusCode().value()).isEqualTo(404);
	}

	@Test
	void aJobUploadedToOneInstanceIsFollowedLiveOnTheOther() {
		ConfigurableApplicationContext other = second();
		int otherPort = Integer.parseInt(other.getEnvironment().getProperty("local.server.port"));
		assertThat(otherPort).isNotEqualTo(this.port);
		try (WorkerSimulator worker = new WorkerSimulator(this.mongo,
				this.kafkaBroker.getBrokersAsString())) {
			LiveTests.awaitConsumer(worker, other.getBean(MeterRegistry.class));
			LiveTests.awaitConsumer(worker, this.metrics);

			ResponseEntity<String> uploaded = upload(part("two.pdf", pdf(2), MediaType.APPLICATION_PDF));
			assertThat(uploaded.getStatusCode().value()).isEqualTo(202);
			String id = body(uploaded).get("id").asString();

			try (SseClient onOther = SseClient.open(otherPort, "/api/v1/jobs/" + id + "/events",
					authorization());
					SseClient onThis = SseClient.open(this.port, "/api/v1/jobs/" + id + "/events",
							authorization());
					SseClient allOnOther = SseClient.open(otherPort, "/api/v1/events", authorization())) {
				await().atMost(WAIT).until(() -> onOther.events().size() == 1 && onThis.events().size() == 1
						&& !allOnOther.frames.isEmpty());
				assertThat(onOther.names()).containsExactly("snapshot");

				worker.update(id, Map.of(JobFields.STATUS, "RUNNING", JobFields.COUNTS + ".total", 2));
				worker.emit(id, (t) -> t.started(2));
				worker.emit(id, (t) -> t.page(1, new PageCounts(2, 1, 0, 0)));
				worker.emit(id, (t) -> t.page(2, new PageCounts(2, 2, 0, 0)));
				worker.update(id, Map.of(JobFields.STATUS, "SUCCEEDED"));
				worker.emit(id, (t) -> t.finished(JobStatus.SUCCEEDED, new PageCounts(2, 2, 0, 0)));

				await().atMost(WAIT).until(() -> onOther.closed && onThis.closed);
				assertThat(onOther.names()).containsExactly("snapshot", "JobStarted", "PageFinished", "PageFinished",
						"JobFinished");
				assertThat(onOther.ids()).containsExactly("0", "1", "2", "3", "4");
				assertThat(onThis.ids()).isEqualTo(onOther.ids());
				await().atMost(WAIT).until(() -> allOnOther.ids().size() == 4);
				assertThat(allOnOther.ids()).containsExactly(id + ":1", id + ":2", id + ":3", id + ":4");
			}
		}
	}

}
