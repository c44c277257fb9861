package dev.ocrpipe.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.bson.Document;

import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.emulator.GeminiEmulator;
import dev.ocrpipe.emulator.Reply;
import dev.ocrpipe.emulator.Responders;
import dev.ocrpipe.local.ApiLogin;
import dev.ocrpipe.local.ChildJvm;
import dev.ocrpipe.local.Health;
import dev.ocrpipe.local.KafkaBroker;
import dev.ocrpipe.local.Ports;
import dev.ocrpipe.testkit.MongoTestServer;

import static org.awaitility.Awaitility.await;

/**
 * The local stack a benchmark runs on, set up the way the end-to-end tests do it (Mongo-wire
 * server and Gemini emulator in this JVM, a Kafka broker, the API and the workers each in their own
 * JVM from their executable jars), with workers that can be replaced between measured runs.
 */
final class BenchStack implements AutoCloseable {

	private static final String PAGE_GROUP = "ocr-pages";

	final MongoTestServer mongo;

	final KafkaBroker kafka;

	final GeminiEmulator gemini;

	final Running api;

	final ApiClient client;

	final MongoDatabase db;

	private final MongoClient mongoClient;

	private final Path apiJar;

	private final Path workerJar;

	private final Path logs;

	private final List<Running> workers = new ArrayList<>();

	/** The API's test-login secret, to sign further owners in. */
	private final String testSecret;

	/** A started API or worker and its HTTP port. */
	record Running(ChildJvm jvm, int port) {

		URI base() {
			return URI.create("http://127.0.0.1:" + this.port);
		}

	}

	BenchStack(Path root, Path logs, Map<String, String> apiSettings) {
		this.apiJar = jar(root.resolve("api/target/ocrpipe-api-0.1.0-SNAPSHOT-exec.jar"));
		this.workerJar = jar(root.resolve("worker/target/ocrpipe-worker-0.1.0-SNAPSHOT-exec.jar"));
		this.logs = logs;
		try {
			Files.createDirectories(logs);
			this.mongo = MongoTestServer.start();
			this.kafka = KafkaBroker.start(Files.createTempDirectory("ocrpipe-bench-kafka"), Ports.free(),
					Ports.free(), logs.resolve("kafka.log"));
			this.gemini = GeminiEmulator.start(0);
			this.mongoClient = MongoClients.create(this.mongo.uri("ocrpipe"));
			this.db = this.mongoClient.getDatabase("ocrpipe");
			this.testSecret = ApiLogin.newSecret();
			Map<String, String> apiEnv = new LinkedHashMap<>(
					ApiLogin.testModeEnvironment(this.testSecret, ApiLogin.newSecret()));
			apiEnv.putAll(apiSettings);
			this.api = awaitHealthy(launch("api", this.apiJar, apiEnv, "512m"));
			this.client = new ApiClient(this.api.base(), ApiLogin.mintToken(this.api.base(), this.testSecret, "bench"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A client of the API signed in as {@code subject} (an owner of its own). */
	ApiClient clientFor(String subject) {
		return new ApiClient(this.api.base(), ApiLogin.mintToken(this.api.base(), this.testSecret, "bench", subject));
	}

	/**
	 * Starts {@code count} workers at once with the Gemini engine pointed at the emulator, waits
	 * until all are healthy and the page consumer group is stable with all of them in it.
	 */
	List<Running> startWorkers(int count, Map<String, String> settings, String heap) {
		List<Running> started = new ArrayList<>();
		for (int i = 1; i <= count; i++) {
			Map<String, String> env = new LinkedHashMap<>();
			env.put("OCR_WORKER_ENGINE", "gemini");
			env.put("OCR_WORKER_GEMINI_APIKEY", "bench-key");
			env.put("OCR_WORKER_GEMINI_BASEURL", this.gemini.baseUrl().toString());
			env.put("OCR_WORKER_INSTANCEID", "worker-" + i);
			env.putAll(settings);
			started.add(launch("worker-" + i, this.workerJar, env, heap, "-XX:+ExitOnOutOfMemoryError"));
		}
		started.forEach(BenchStack::awaitHealthy);
		this.workers.addAll(started);
		awaitPageGroup(count);
		return started;
	}

	void stopWorkers() {
		this.workers.forEach((worker) -> worker.jvm().stop(Duration.ofSeconds(30)));
		this.workers.clear();
	}

	/** Removes every job, page, event and upload, so each run starts on an empty store. */
	void clearJobs() {
		for (String name : List.of(Collections.JOBS, Collections.PAGES, Collections.JOB_EVENTS,
				Collections.UPLOADS_BUCKET + ".files", Collections.UPLOADS_BUCKET + ".chunks")) {
			this.db.getCollection(name).deleteMany(new Document());
		}
	}

	private Running launch(String name, Path jar, Map<String, String> settings, String heap, String... jvmArgs) {
		int port = Ports.free();
		Map<String, String> env = new LinkedHashMap<>();
		env.put("SERVER_PORT", String.valueOf(port));
		env.put("SPRING_MONGODB_URI", this.mongo.uri("ocrpipe"));
		env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", this.kafka.bootstrapServers());
		env.put("MANAGEMENT_HEALTH_MONGODB_ENABLED", "false");
		env.putAll(settings);
		try {
			// full JIT (unlike the tests' C1-only JVMs): throughput is what is measured here
			ChildJvm jvm = ChildJvm.jar(jar)
				.name(name)
				.jvmArgs("-Xmx" + heap, "--enable-native-access=ALL-UNNAMED")
				.jvmArgs(jvmArgs)
				.env(env)
				.logFile(this.logs.resolve(name + ".log"))
				.start();
			return new Running(jvm, port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Running awaitHealthy(Running running) {
		Health.await(running.jvm(), running.base(), Duration.ofSeconds(180));
		return running;
	}

	/**
	 * Waits until the page consumer group is stable with {@code workers} workers in it (two members
	 * each, one per page lane), so no rebalance falls into a run.
	 */
	private void awaitPageGroup(int workers) {
		int members = 2 * workers;
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka.bootstrapServers()))) {
			await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
				ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(PAGE_GROUP))
					.describedGroups()
					.get(PAGE_GROUP)
					.get(5, TimeUnit.SECONDS);
				return group.groupState() == GroupState.STABLE && group.members().size() == members
						&& group.members().stream().allMatch((m) -> !m.assignment().topicPartitions().isEmpty());
			});
		}
	}

	@Override
	public void close() {
		stopWorkers();
		this.api.jvm().stop(Duration.ofSeconds(30));
		this.mongoClient.close();
		this.gemini.close();
		this.kafka.close();
		this.mongo.close();
	}

	private static Path jar(Path jar) {
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is not built; ./run-bench builds it (mvn -pl bench -am package)");
		}
		return jar;
	}


	/** The emulator answers every call with a page of text after {@code latency}: the L of W × C / L. */
	void answerAfterLatency(Duration latency) {
		this.gemini.reset();
		this.gemini.respondWith(Responders.fixed(Reply.text("benchmark page text").withDelay(latency)));
	}

	/** A timestamp as the Mongo-wire server returns it (a {@code Date}, or an {@code Instant}). */
	static Instant instant(Object value) {
		return switch (value) {
			case Date date -> date.toInstant();
			case Instant instant -> instant;
			case null -> throw new IllegalStateException("a page or job has no timestamp");
			default -> throw new IllegalStateException("unexpected timestamp " + value.getClass());
		};
	}

}
