package dev.ocrpipe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher against stand-in API and worker jars ({@link FakeAppMain}), with the real Mongo
 * wire server and Kafka broker.
 */
class LocalStackIT {

	@TempDir
	Path root;

	private final ByteArrayOutputStream console = new ByteArrayOutputStream();

	@BeforeEach
	void fakeJars() throws IOException {
		fakeJar(this.root.resolve("api/target/ocrpipe-api-0.1.0-SNAPSHOT-exec.jar"));
		fakeJar(this.root.resolve("worker/target/ocrpipe-worker-0.1.0-SNAPSHOT-exec.jar"));
	}

	@Test
	void startsInOrderWithTheSettingsAndStopsInReverseOrder() {
		LocalStackOptions options = options(2);
		LocalStack stack = new LocalStack(options, new PrintStream(this.console, true, StandardCharsets.UTF_8));
		try {
			stack.start();

			List<String> lines = output().lines().takeWhile((line) -> !line.contains("-----")).toList();
			assertThat(lines).filteredOn((line) -> line.startsWith("[local] ") && line.endsWith(")"))
				.extracting((line) -> line.substring("[local] ".length()).split(" ")[0])
				.containsExactly("MongoDB", "Kafka", "API", "Local", "worker-1", "worker-2");
			assertThat(output()).contains("[worker-2] env OCR_WORKER_INSTANCEID=worker-2",
					"[worker-2] env SERVER_PORT=" + options.workerPort(2), "[worker-1] env OCR_WORKER_ENGINE=auto",
					"[api] env SPRING_MONGODB_URI=mongodb://127.0.0.1:" + options.mongoPort() + "/ocrpipe",
					"[api] env SPRING_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:" + options.kafkaPort(),
					"[api] env SPRING_PROFILES_ACTIVE=local", "[api] env TEST_MODE=true",
					"export OCRPIPE_TOKEN=$(cat ", "curl -H \"Authorization: Bearer $OCRPIPE_TOKEN\" -F file=@some.pdf http://localhost:"
							+ options.apiPort() + "/api/v1/jobs");
			assertThat(options.dataDir().resolve("token")).content().isEqualToIgnoringNewLines("ocp_fake");
			assertThat(options.dataDir().resolve("api-secrets.properties")).content().contains("test-secret=");
			assertThat(options.dataDir().resolve("logs/worker-1.log")).content().contains("env OCR_WORKER_INSTANCEID");
		}
		finally {
			stack.close();
		}

		String out = output();
		assertThat(out).contains("[worker-1] graceful stop", "[api] graceful stop");
		assertThat(out.indexOf("stopped worker-1")).isLessThan(out.indexOf("stopped api"));
		assertThat(out.indexOf("stopped api")).isLessThan(out.indexOf("stopped Kafka"));
		assertThat(out.indexOf("stopped Kafka")).isLessThan(out.indexOf("stopped MongoDB"));
		assertThat(stack.workers()).noneMatch(ChildJvm::isAlive);
		assertThat(stack.api().isAlive()).isFalse();
		assertThat(options.dataDir().resolve("mongo/ocrpipe.mv")).exists();
	}

	@Test
	void aWorkerThatDiesIsReportedAsAFailure() {
		LocalStack stack = new LocalStack(options(1),
				new PrintStream(this.console, true, StandardCharsets.UTF_8));
		try {
			stack.start();

			stack.workers().getFirst().kill();

			await().atMost(Duration.ofSeconds(60)).until(stack.failure()::isDone);
			assertThat(stack.awaitFailure()).contains("worker-1 exited unexpectedly (exit code 137)");
		}
		finally {
			stack.close();
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> !stack.api().isAlive());
	}

	private LocalStackOptions options(int workers) {
		int apiPort = Ports.free();
		return new LocalStackOptions(this.root, this.root.resolve(".local"), false, workers, false, false,
				Ports.free(), Ports.free(), Ports.free(), Ports.free(), apiPort, freeRunAfter(apiPort, workers),
				false);
	}

	/** Worker ports are consecutive; find a free run of them. */
	private static int freeRunAfter(int taken, int count) {
		for (int first = 20000 + (taken % 20000); first < 65000; first += count + 1) {
			boolean free = true;
			for (int port = first; port < first + count && free; port++) {
				free = port != taken && !Ports.accepting("127.0.0.1", port);
			}
			if (free) {
				return first;
			}
		}
		throw new IllegalStateException("No free ports for workers");
	}

	private String output() {
		return this.console.toString(StandardCharsets.UTF_8);
	}

	private static void fakeJar(Path jar) throws IOException {
		Files.createDirectories(jar.getParent());
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeAppMain.class.getName());
		String entry = FakeAppMain.class.getName().replace('.', '/') + ".class";
		try (OutputStream file = Files.newOutputStream(jar);
				JarOutputStream out = new JarOutputStream(file, manifest);
				InputStream in = FakeAppMain.class.getClassLoader().getResourceAsStream(entry)) {
			out.putNextEntry(new JarEntry(entry));
			in.transferTo(out);
			out.closeEntry();
		}
	}

}
