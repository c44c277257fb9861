package dev.ocrpipe.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker (combined broker and controller, KRaft) in a child JVM, so that the
 * local stack needs no Docker and fault tests can kill it with SIGKILL and restart it on the same
 * data, which an in-process embedded broker cannot do.
 *
 * <p>
 * The data directory holds {@code server.properties} (written on every start) and the log
 * directory {@code data/} (formatted once, so topics and records survive restarts). The broker's
 * own log goes to a file, never to the console.
 */
public final class KafkaBroker implements AutoCloseable {

	/** The address every listener binds and advertises. */
	public static final String HOST = "127.0.0.1";

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

	private static final Duration STOP_GRACE = Duration.ofSeconds(30);

	private static final String LOGBACK_CONFIG = "ocrpipe-kafka-logback.xml";

	private final Path dataDir;

	private final int port;

	private final int controllerPort;

	private final Path logFile;

	private volatile ChildJvm child;

	private KafkaBroker(Path dataDir, int port, int controllerPort, Path logFile) {
		this.dataDir = dataDir;
		this.port = port;
		this.controllerPort = controllerPort;
		this.logFile = logFile;
	}

	/**
	 * Starts a broker logging to {@code <dataDir>/broker.log} and waits until it answers.
	 * @param dataDir the broker's directory, created and formatted when new
	 * @param port the client (PLAINTEXT) port
	 * @param controllerPort the KRaft controller port
	 * @return the running broker
	 * @throws IllegalStateException if a port is taken or the broker dies or does not answer
	 */
	public static KafkaBroker start(Path dataDir, int port, int controllerPort) {
		return start(dataDir, port, controllerPort, dataDir.resolve("broker.log"));
	}

	/**
	 * Starts a broker and waits until it answers.
	 * @param dataDir the broker's directory, created and formatted when new
	 * @param port the client (PLAINTEXT) port
	 * @param controllerPort the KRaft controller port
	 * @param logFile the file receiving the broker's log (appended)
	 * @return the running broker
	 * @throws IllegalStateException if a port is taken or the broker dies or does not answer
	 */
	public static KafkaBroker start(Path dataDir, int port, int controllerPort, Path logFile) {
		KafkaBroker broker = new KafkaBroker(dataDir.toAbsolutePath(), port, controllerPort,
				logFile.toAbsolutePath());
		broker.launch();
		return broker;
	}

	/** @return the bootstrap servers for clients, such as {@code 127.0.0.1:9092} */
	public String bootstrapServers() {
		return HOST + ":" + this.port;
	}

	/** @return the broker's directory */
	public Path dataDir() {
		return this.dataDir;
	}

	/** @return the file receiving the broker's log */
	public Path logFile() {
		return this.logFile;
	}

	/** @return the process id of the current broker process */
	public long pid() {
		return this.child.pid();
	}

	/** @return whether the broker process runs */
	public boolean isAlive() {
		ChildJvm current = this.child;
		return current != null && current.isAlive();
	}

	/** @return completes when the current broker process exits, for whatever reason */
	public CompletableFuture<Process> onExit() {
		return this.child.onExit();
	}

	/**
	 * @param lines how many lines
	 * @return the last lines of the broker's log, indented, for error messages
	 */
	public String logTail(int lines) {
		ChildJvm current = this.child;
		return (current != null) ? current.tailText(lines) : "";
	}

	/**
	 * Stops the broker gracefully (SIGTERM: controlled shutdown, logs flushed), killing it if it
	 * takes longer than 30 seconds.
	 */
	public void stop() {
		ChildJvm current = this.child;
		if (current != null) {
			current.stop(STOP_GRACE);
		}
	}

	/** Kills the broker with SIGKILL, as a crash or an OOM killer would. */
	public void kill() {
		ChildJvm current = this.child;
		if (current != null) {
			current.kill();
		}
	}

	/**
	 * Starts the broker again on the same data directory and ports (stopping it first if it
	 * still runs) and waits until it answers.
	 */
	public void restart() {
		stop();
		launch();
	}

	@Override
	public void close() {
		stop();
	}

	@Override
	public String toString() {
		return "KafkaBroker[" + bootstrapServers() + ", " + this.dataDir + "]";
	}

	private void launch() {
		Ports.requireFree(HOST, this.port, "Kafka broker");
		Ports.requireFree(HOST, this.controllerPort, "Kafka controller");
		try {
			Files.createDirectories(this.dataDir);
			Path properties = this.dataDir.resolve("server.properties");
			Files.writeString(properties, serverProperties(), StandardCharsets.UTF_8);
			Path logDir = this.dataDir.resolve("data");
			if (!Files.exists(logDir.resolve("meta.properties"))) {
				format(properties);
			}
			this.child = kafkaJvm("kafka.Kafka").name("kafka").args(properties.toString()).start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the Kafka broker in " + this.dataDir, ex);
		}
		awaitReady();
	}

	private void format(Path properties) throws IOException {
		ChildJvm format = kafkaJvm("kafka.tools.StorageTool").name("kafka-storage-format")
			.args("format", "--cluster-id", Uuid.randomUuid().toString(), "--config", properties.toString(),
					"--ignore-formatted")
			.start();
		OptionalInt exit = format.awaitExit(Duration.ofSeconds(60));
		if (exit.isEmpty() || exit.getAsInt() != 0) {
			format.kill();
			throw new IllegalStateException("Formatting the Kafka storage in " + this.dataDir + " failed (exit "
					+ exit + "); its output:" + System.lineSeparator() + format.tailText(40));
		}
	}

	private ChildJvm.Builder kafkaJvm(String mainClass) {
		return ChildJvm.mainClass(mainClass)
			.jvmArgs("-Xmx512m", "-Xss1m", "-XX:+UseG1GC", "-Djava.awt.headless=true",
					"-Dlogback.configurationFile=" + LOGBACK_CONFIG)
			.logFile(this.logFile)
			.console(null, "")
			.ownSession(true);
	}

	private String serverProperties() {
		String logDir = this.dataDir.resolve("data").toString().replace("\\", "/");
		return String.join(System.lineSeparator(), "# written by ocrpipe-local KafkaBroker on every start",
				"process.roles=broker,controller", "node.id=1", "controller.quorum.voters=1@" + HOST + ":"
						+ this.controllerPort,
				"listeners=PLAINTEXT://" + HOST + ":" + this.port + ",CONTROLLER://" + HOST + ":"
						+ this.controllerPort,
				"advertised.listeners=PLAINTEXT://" + HOST + ":" + this.port, "controller.listener.names=CONTROLLER",
				"inter.broker.listener.name=PLAINTEXT",
				"listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT", "log.dirs=" + logDir,
				// the applications declare their topics (NewTopic beans); a typo must not create one
				"auto.create.topics.enable=false", "num.partitions=6", "default.replication.factor=1",
				"min.insync.replicas=1", "offsets.topic.replication.factor=1", "offsets.topic.num.partitions=12",
				"transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
				"share.coordinator.state.topic.replication.factor=1", "share.coordinator.state.topic.min.isr=1",
				"group.initial.rebalance.delay.ms=0", "controlled.shutdown.enable=true",
				// after a kill -9 the restarted broker waits out its old session before it registers
				// again: keep that short (default 9 s) on a single local node
				"broker.heartbeat.interval.ms=1000", "broker.session.timeout.ms=3000", "")
			+ System.lineSeparator();
	}

	private void awaitReady() {
		Instant deadline = Instant.now().plus(READY_TIMEOUT);
		ChildJvm current = this.child;
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
				3000, AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500))) {
			while (true) {
				if (!current.isAlive()) {
					throw new IllegalStateException("The Kafka broker exited (code " + current.exitValue()
							+ ") while starting; the end of " + this.logFile + ":" + System.lineSeparator()
							+ current.tailText(40));
				}
				if (Instant.now().isAfter(deadline)) {
					current.kill();
					throw new IllegalStateException("The Kafka broker did not answer within " + READY_TIMEOUT
							+ "; the end of " + this.logFile + ":" + System.lineSeparator() + current.tailText(40));
				}
				if (answers(admin)) {
					return;
				}
			}
		}
	}

	private static boolean answers(Admin admin) {
		try {
			// blocks up to the API timeout while the broker is not up yet: this is the poll interval
			List<?> nodes = List.copyOf(admin.describeCluster().nodes().get(5, TimeUnit.SECONDS));
			return !nodes.isEmpty();
		}
		catch (ExecutionException | TimeoutException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the Kafka broker", ex);
		}
	}

}
