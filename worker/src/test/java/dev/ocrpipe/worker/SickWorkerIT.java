package dev.ocrpipe.worker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

import dev.ocrpipe.common.jobs.DocumentType;
import dev.ocrpipe.emulator.Reply;
import dev.ocrpipe.emulator.Responders;
import dev.ocrpipe.testkit.SampleDocuments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker that cannot heal says so: its liveness and readiness health go DOWN over HTTP, so an
 * orchestrator replaces it rather than keeping it alive but idle.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ocr.worker.instance-id=sick-it", "ocr.worker.engine=gemini",
				"ocr.worker.gemini.api-key=test-key", "management.health.mongodb.enabled=false",
				"ocr.worker.health.check-interval=500ms", "ocr.worker.health.restart-backoff=200ms",
				"ocr.worker.health.max-restarts=1" })
@Import(ListenerFaults.class)
// each test leaves its worker sick for good
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class SickWorkerIT extends WorkerTestBase {

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeEach
	void healthyAtFirst() throws Exception {
		ListenerFaults.pageErrors.set(0);
		gemini.reset();
		gemini.respondWith(Responders.fixed(Reply.text("recognised")));
		await().atMost(Duration.ofSeconds(30)).until(() -> status("liveness") == 200 && status("readiness") == 200);
	}

	@Test
	void aContainerThatKeepsStoppingPastItsRestartBudgetTakesLivenessAndReadinessDown() throws Exception {
		ListenerFaults.pageErrors.set(1_000);
		submit(SampleDocuments.png("KEEPS FAILING"), DocumentType.PNG);

		await().atMost(Duration.ofSeconds(60)).until(() -> status("liveness") == 503);
		assertThat(status("readiness")).isEqualTo(503);
		assertThat(body("liveness")).contains("\"status\":\"DOWN\"");
	}

	@Test
	void anErrorThatEndsAThreadTakesLivenessAndReadinessDown() throws Exception {
		Thread.ofPlatform().name("doomed").start(() -> {
			throw new StackOverflowError("injected by the test");
		});

		// Awaitility would catch the Error itself (and fail the test) instead of the JVM's handler
		await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(() -> status("liveness") == 503);
		assertThat(status("readiness")).isEqualTo(503);
	}

	private int status(String probe) throws Exception {
		return get(probe).statusCode();
	}

	private String body(String probe) throws Exception {
		return get(probe).body();
	}

	private HttpResponse<String> get(String probe) throws Exception {
		return this.http.send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/health/" + probe))
			.timeout(Duration.ofSeconds(5))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
