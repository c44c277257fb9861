package dev.ocrpipe.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.ocrpipe.local.ApiLogin;
import dev.ocrpipe.local.ChildJvm;
import dev.ocrpipe.local.Health;
import dev.ocrpipe.local.Ports;


/**
 * Starts the API and workers from their executable jars, each in its own JVM, the way they are
 * deployed, and waits until they report healthy.
 */
final class Deployables {

	private final Path logs;

	private final String mongoUri;

	private final String kafka;

	private final String testSecret = ApiLogin.newSecret();

	private final String tokenSecret = ApiLogin.newSecret();

	Deployables(Path logs, String mongoUri, String kafka) {
		this.logs = logs;
		this.mongoUri = mongoUri;
		this.kafka = kafka;
	}

	/** A started API or worker and its HTTP port. */
	record Running(ChildJvm jvm, int port) {

		URI base() {
			return URI.create("http://127.0.0.1:" + this.port);
		}

	}

	/** Starts the API in test mode (behind this harness's test-login secret) with the given settings. */
	Running api(Map<String, String> settings) {
		return api(settings, "512m");
	}

	/** Starts the API as {@link #api(Map)} does, with the given maximum heap ({@code -Xmx}). */
	Running api(Map<String, String> settings, String heap) {
		Map<String, String> env = new LinkedHashMap<>(ApiLogin.testModeEnvironment(this.testSecret, this.tokenSecret));
		env.putAll(settings);
		return start("api", jar("ocrpipe.api.jar"), env, heap);
	}

	/** A client of a started API, signed in as the test user with a fresh API token. */
	OcrpipeClient client(Running api) {
		return new OcrpipeClient(api.base(), ApiLogin.mintToken(api.base(), this.testSecret, "e2e"));
	}

	/** A client of a started API, signed in as {@code subject} (an owner of its own). */
	OcrpipeClient client(Running api, String subject) {
		return new OcrpipeClient(api.base(), ApiLogin.mintToken(api.base(), this.testSecret, "e2e", subject));
	}

	/** A one-time sign-in link of the test user for a browser, with the ADMIN role if asked. */
	URI signInLink(Running api, boolean admin) {
		return ApiLogin.signInLink(api.base(), this.testSecret, admin);
	}

	Running worker(String name, Map<String, String> settings) {
		return worker(name, settings, "768m");
	}

	Running worker(String name, Map<String, String> settings, String heap) {
		Map<String, String> env = new LinkedHashMap<>(settings);
		env.put("OCR_WORKER_INSTANCEID", name);
		// an OutOfMemoryError leaves a worker in an unknown state: it exits, as it does in production
		return start(name, jar("ocrpipe.worker.jar"), env, heap, "-XX:+ExitOnOutOfMemoryError");
	}

	private Running start(String name, Path jar, Map<String, String> settings, String heap, String... jvmArgs) {
		int port = Ports.free();
		Map<String, String> env = new LinkedHashMap<>();
		env.put("SERVER_PORT", String.valueOf(port));
		env.put("SPRING_MONGODB_URI", this.mongoUri);
		env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", this.kafka);
		env.put("MANAGEMENT_HEALTH_MONGODB_ENABLED", "false");
		env.putAll(settings);
		try {
			ChildJvm jvm = ChildJvm.jar(jar)
				.name(name)
				.jvmArgs("-Xmx" + heap, "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED")
				.jvmArgs(jvmArgs)
				.env(env)
				.logFile(this.logs.resolve(name + ".log"))
				.start();
			Running running = new Running(jvm, port);
			// generous: on a loaded machine a worker with its sandbox processes takes minutes to come up
			Health.await(jvm, running.base(), Duration.ofSeconds(240));
			return running;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path jar(String property) {
		Path jar = Path.of(System.getProperty(property, "missing"));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(
					property + " = " + jar + " is not built; run the tests with mvn verify from the root");
		}
		return jar;
	}

}
