package dev.ocrpipe.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import dev.ocrpipe.e2e.OcrpipeClient.Part;
import dev.ocrpipe.e2e.OcrpipeClient.Response;
import dev.ocrpipe.emulator.Call;
import dev.ocrpipe.emulator.Faults;
import dev.ocrpipe.emulator.GeminiEmulator;
import dev.ocrpipe.emulator.Reply;
import dev.ocrpipe.local.KafkaBroker;
import dev.ocrpipe.testkit.SampleDocuments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults with the broker and workers as separate processes the test can stop and kill: a broker
 * outage during uploads, a flaky Gemini, Gemini down for two minutes, a worker asked to stop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultIT {

	private LocalStack stack;

	private OcrpipeClient client;

	private GeminiEmulator gemini;

	private KafkaBroker kafka;

	@BeforeAll
	void startStack() {
		this.stack = new LocalStack("FaultIT",
				Map.of("OCR_API_DISPATCH_RELAYINTERVAL", "2s", "OCR_API_DISPATCH_RELAYMINAGE", "3s"));
		this.client = this.stack.client;
		this.gemini = this.stack.gemini;
		this.kafka = this.stack.kafka;
		startWorker("worker-1");
	}

	@AfterAll
	void stopStack() {
		if (this.stack != null) {
			this.stack.close();
		}
	}

	@Test
	@Order(1)
	void uploadsDuringABrokerOutageAreNeverLostAndNeverAnswered500() {
		this.gemini.reset();
		this.gemini.respondWith((call) -> Reply.text("outage text"));
		List<String> accepted = new ArrayList<>();
		Map<Integer, Integer> statuses = new HashMap<>();
		for (int i = 0; i < 3; i++) {
			accepted.add(upload("before-" + i, statuses));
		}
		this.kafka.kill();
		for (int i = 0; i < 4; i++) {
			String id = upload("during-" + i, statuses);
			if (id != null) {
				accepted.add(id);
			}
		}
		this.kafka.restart();
		for (int i = 0; i < 3; i++) {
			accepted.add(upload("after-" + i, statuses));
		}

		assertThat(statuses.keySet()).as("answers while the broker was down").isSubsetOf(202, 503);
		assertThat(accepted).doesNotContainNull().hasSizeGreaterThanOrEqualTo(6);
		for (String id : accepted) {
			assertThat(awaitTerminal(id, Duration.ofMinutes(3)).path("status").asString()).isEqualTo("SUCCEEDED");
		}
	}

	@Test
	@Order(2)
	void aFlakyGeminiStillFinishesEveryJobWithBoundedJitteredRetries() {
		this.gemini.reset();
		this.gemini.respondWith((call) -> Reply.text("flaky text " + call.imageSha256().substring(0, 8)));
		// 30% of calls fail: 10% 429 with Retry-After, 10% 503, 10% stall past the worker's 2 s timeout
		this.gemini.faults(new Faults(Duration.ZERO, 0.10, Duration.ofSeconds(1), 0.10, 0.10, Duration.ofSeconds(4)),
				42L);
		List<String> jobs = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			String[] texts = new String[5];
			for (int p = 0; p < texts.length; p++) {
				texts[p] = "FLAKY JOB " + i + " PAGE " + p;
			}
			jobs.add(uploadPdf("flaky-" + i + ".pdf", SampleDocuments.scannedPdf(texts)));
		}

		for (String id : jobs) {
			JsonNode job = awaitTerminal(id, Duration.ofMinutes(4));
			assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
			assertThat(job.path("pages").path("done").asInt()).isEqualTo(5);
		}
		Map<String, List<Call>> byPage = this.gemini.calls()
			.stream()
			.collect(Collectors.groupingBy(Call::imageSha256, LinkedHashMap::new, Collectors.toList()));
		assertThat(byPage).hasSize(20);
		int maxAttempts = 8;
		assertThat(byPage.values()).allSatisfy((calls) -> assertThat(calls).hasSizeLessThanOrEqualTo(maxAttempts));
		// retries of one page are spaced by jittered backoff: the gaps are not all alike
		Set<Long> gaps = new TreeSet<>();
		byPage.values().stream().filter((calls) -> calls.size() > 1).forEach((calls) -> {
			for (int i = 1; i < calls.size(); i++) {
				gaps.add(Duration.between(calls.get(i - 1).receivedAt(), calls.get(i).receivedAt()).toMillis() / 50);
			}
		});
		assertThat(gaps).as("distinct retry gaps (50 ms buckets)").hasSizeGreaterThanOrEqualTo(3);
		this.gemini.faults(Faults.none());
	}

	@Test
	@Order(3)
	void whileGeminiIsDownTheBreakerStopsTheCallsAndJobsFinishAfterRecovery() {
		this.gemini.reset();
		this.gemini.respondWith((call) -> Reply.error(503, "The model is overloaded. Please try again later."));
		String[] texts = new String[6];
		for (int p = 0; p < texts.length; p++) {
			texts[p] = "OUTAGE PAGE " + p;
		}
		String id = uploadPdf("outage.pdf", SampleDocuments.scannedPdf(texts));
		Instant down = Instant.now();
		await().atMost(Duration.ofSeconds(60)).until(() -> this.gemini.callCount() >= 10);
		int callsWhenOpen = this.gemini.callCount();
		// down for two minutes in all: the breaker lets only its half-open probes through
		await().pollDelay(Duration.ofSeconds(1))
			.atMost(Duration.ofMinutes(3))
			.until(() -> Duration.between(down, Instant.now()).compareTo(Duration.ofMinutes(2)) >= 0);
		int callsWhileDown = this.gemini.callCount() - callsWhenOpen;
		assertThat(this.client.job(id).path("status").asString()).isEqualTo("RUNNING");
		this.gemini.respondWith((call) -> Reply.text("back again"));

		JsonNode job = awaitTerminal(id, Duration.ofMinutes(3));
		assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
		// without a breaker, 6 pages × 8 attempts would have hammered Gemini all along; with it, the
		// open periods see no call and each half-open period a couple of probes (20 s open, 2 probes)
		assertThat(callsWhileDown).as("calls while the breaker was open or probing").isLessThanOrEqualTo(16);
	}

	@Test
	@Order(4)
	void aWorkerAskedToStopHandsItsPagesBackAndExitsZero() {
		this.gemini.reset();
		this.gemini.respondWith((call) -> Reply.text("graceful text").withDelay(Duration.ofMillis(500)));
		String[] texts = new String[16];
		for (int p = 0; p < texts.length; p++) {
			texts[p] = "GRACEFUL PAGE " + p;
		}
		String id = uploadPdf("graceful.pdf", SampleDocuments.scannedPdf(texts));
		await().atMost(Duration.ofSeconds(60)).until(() -> this.client.job(id).path("pages").path("done").asInt() >= 2);
		startWorker("worker-2");

		Deployables.Running leaving = this.stack.workers.remove(0);
		boolean exited = leaving.jvm().stop(Duration.ofSeconds(60));

		assertThat(exited).isTrue();
		assertThat(leaving.jvm().exitValue()).hasValue(0);
		JsonNode job = awaitTerminal(id, Duration.ofMinutes(2));
		assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.path("pages").path("done").asInt()).isEqualTo(16);
	}

	private Deployables.Running startWorker(String name) {
		Map<String, String> env = new LinkedHashMap<>();
		env.put("OCR_WORKER_GEMINI_TIMEOUT", "2s");
		env.put("OCR_WORKER_PAGES_CONCURRENCY", "4");
		env.put("OCR_WORKER_GUARD_MAXATTEMPTS", "8");
		env.put("OCR_WORKER_GUARD_BACKOFFINITIAL", "200ms");
		env.put("OCR_WORKER_GUARD_BACKOFFMAX", "3s");
		return this.stack.startWorker(name, env, "768m");
	}

	private String upload(String name, Map<Integer, Integer> statuses) {
		Response response = this.client.upload(new Part(name + ".png", "image/png", SampleDocuments.png(name)));
		statuses.merge(response.status(), 1, Integer::sum);
		if (response.status() == 503) {
			assertThat(response.retryAfter()).as("503 carries Retry-After").matches("\\d+");
			return null;
		}
		assertThat(response.status()).as(response.body()).isEqualTo(202);
		return response.json().path("id").asString();
	}

	private String uploadPdf(String name, byte[] pdf) {
		Response response = this.client.upload(new Part(name, "application/pdf", pdf));
		assertThat(response.status()).as(response.body()).isEqualTo(202);
		return response.json().path("id").asString();
	}

	private JsonNode awaitTerminal(String id, Duration atMost) {
		return this.stack.awaitTerminal(id, atMost);
	}

}
