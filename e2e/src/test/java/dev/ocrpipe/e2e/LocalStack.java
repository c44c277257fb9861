package dev.ocrpipe.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import dev.ocrpipe.emulator.GeminiEmulator;
import dev.ocrpipe.local.KafkaBroker;
import dev.ocrpipe.local.Ports;
import dev.ocrpipe.testkit.MongoTestServer;

import static org.awaitility.Awaitility.await;

/**
 * A running ocrpipe for tests that break things: the Mongo-wire server, a Kafka broker in its own
 * JVM (so it can be killed and restarted), the Gemini emulator, the API and workers from their
 * executable jars.
 */
final class LocalStack implements AutoCloseable {

	static final Set<String> TERMINAL = Set.of("SUCCEEDED", "PARTIAL", "FAILED", "CANCELLED");

	final MongoTestServer mongo;

	final KafkaBroker kafka;

	final GeminiEmulator gemini;

	final List<Deployables.Running> workers = new ArrayList<>();

	private final Deployables deployables;

	final Deployables.Running api;

	final OcrpipeClient client;

	LocalStack(String name, Map<String, String> apiSettings) {
		this(name, apiSettings, "512m");
	}

	LocalStack(String name, Map<String, String> apiSettings, String apiHeap) {
		try {
			this.mongo = MongoTestServer.start();
			this.kafka = KafkaBroker.start(Files.createTempDirectory("ocrpipe-" + name + "-kafka"), Ports.free(),
					Ports.free());
			this.gemini = GeminiEmulator.start(0);
			Path logs = Files.createDirectories(Path.of("target", "e2e-logs", name));
			this.deployables = new Deployables(logs, this.mongo.uri("ocrpipe"), this.kafka.bootstrapServers());
			this.api = this.deployables.api(apiSettings, apiHeap);
			this.client = this.deployables.client(this.api);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Starts a worker with the Gemini engine pointed at the emulator, plus the given settings. */
	Deployables.Running startWorker(String name, Map<String, String> settings, String heap) {
		Map<String, String> env = new LinkedHashMap<>();
		env.put("OCR_WORKER_ENGINE", "gemini");
		env.put("OCR_WORKER_GEMINI_APIKEY", "e2e-key");
		env.put("OCR_WORKER_GEMINI_BASEURL", this.gemini.baseUrl().toString());
		env.putAll(settings);
		Deployables.Running worker = this.deployables.worker(name, env, heap);
		this.workers.add(worker);
		return worker;
	}

	/** A one-time sign-in link of the test user for a browser, with the ADMIN role if asked. */
	URI signInLink(boolean admin) {
		return this.deployables.signInLink(this.api, admin);
	}

	JsonNode awaitTerminal(String id, Duration atMost) {
		return await().atMost(atMost)
			.pollInterval(Duration.ofMillis(500))
			.until(() -> this.client.job(id), (job) -> TERMINAL.contains(job.path("status").asString()));
	}

	@Override
	public void close() {
		this.workers.forEach((worker) -> worker.jvm().stop(Duration.ofSeconds(30)));
		this.api.jvm().stop(Duration.ofSeconds(30));
		this.gemini.close();
		this.kafka.close();
		this.mongo.close();
	}

}
