package dev.ocrpipe.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one-command local stack: starts a MongoDB wire server, a Kafka broker, optionally the
 * Gemini emulator, the API and N workers, each checked for readiness, and stops them in reverse
 * order on Ctrl-C, so that a newcomer with only a JDK can upload a PDF and read its text.
 *
 * <p>
 * Children run in their own session (so Ctrl-C reaches only this launcher, which stops them in
 * order) behind {@link ParentWatch} (so they exit even if this launcher is killed with
 * {@code kill -9}). If any component dies unexpectedly the whole stack stops with exit code 1.
 */
public final class LocalStack implements AutoCloseable {

	static final String DATABASE = "ocrpipe";

	static final String HOST = "127.0.0.1";

	static final String EMULATOR_MAIN = "dev.ocrpipe.emulator.GeminiEmulatorMain";

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

	private static final Duration STOP_GRACE = Duration.ofSeconds(30);

	private static final String RESET = "\u001B[0m";

	private static final String[] WORKER_COLORS = { "\u001B[32m", "\u001B[33m", "\u001B[34m", "\u001B[92m",
			"\u001B[93m", "\u001B[94m" };

	private final LocalStackOptions options;

	private final PrintStream out;

	private final CompletableFuture<String> failure = new CompletableFuture<>();

	private final Object lock = new Object();

	private boolean stopping;

	// written by the starting thread, read by the shutdown hook
	private volatile MongoWireServer mongo;

	private volatile KafkaBroker kafka;

	private volatile ChildJvm emulator;

	private volatile ChildJvm api;

	private final List<ChildJvm> workers = new CopyOnWriteArrayList<>();

	/**
	 * @param options what to start
	 * @param out where status lines and child output go
	 */
	public LocalStack(LocalStackOptions options, PrintStream out) {
		this.options = options;
		this.out = out;
	}

	/**
	 * Runs the stack until Ctrl-C or until a component dies.
	 * @param args see {@link LocalStackOptions#USAGE}
	 */
	public static void main(String[] args) {
		if (System.getProperty("logback.configurationFile") == null) {
			System.setProperty("logback.configurationFile", "ocrpipe-local-logback.xml");
		}
		LocalStackOptions options;
		try {
			options = LocalStackOptions.parse(List.of(args), Path.of(""));
		}
		catch (IllegalArgumentException ex) {
			System.err.println("[local] " + ex.getMessage());
			System.exit(2);
			return;
		}
		if (options.help()) {
			System.out.print(LocalStackOptions.USAGE);
			return;
		}
		LocalStack stack = new LocalStack(options, System.out);
		Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-shutdown"));
		try {
			stack.start();
		}
		catch (RuntimeException ex) {
			if (!stack.isStopping()) {
				stack.loud("Startup failed: " + ex.getMessage());
				stack.close();
				System.exit(1);
			}
			return;
		}
		String reason = stack.awaitFailure();
		stack.loud(reason);
		stack.close();
		System.exit(1);
	}

	/**
	 * Starts every component in order and waits until each is ready.
	 * @throws IllegalStateException if a component cannot start or does not become ready
	 */
	public void start() {
		Path logs = this.options.dataDir().resolve("logs");
		Path apiJar = findJar("api");
		Path workerJar = findJar("worker");
		if (this.options.geminiEmulator()) {
			requireEmulatorOnClasspath();
		}
		requirePortsFree();
		if (this.options.fresh()) {
			wipe(this.options.dataDir());
		}
		say("ocrpipe local stack, data in " + display(this.options.dataDir()));

		Path mongoFile = this.options.dataDir().resolve("mongo").resolve(DATABASE + ".mv");
		register(() -> this.mongo = MongoWireServer.start(mongoFile, HOST, this.options.mongoPort()));
		component("MongoDB", this.mongo.uri(DATABASE), "mongo-java-server, H2 file " + display(mongoFile));

		register(() -> this.kafka = KafkaBroker.start(this.options.dataDir().resolve("kafka"),
				this.options.kafkaPort(), this.options.kafkaControllerPort(), logs.resolve("kafka.log")));
		watch("Kafka broker", this.kafka.onExit(), () -> this.kafka.logTail(30));
		component("Kafka", this.kafka.bootstrapServers(),
				"KRaft broker+controller, pid " + this.kafka.pid() + ", log " + display(logs.resolve("kafka.log")));

		if (this.options.geminiEmulator()) {
			register(() -> this.emulator = startEmulator(logs));
			watch(this.emulator);
			String address = "http://" + HOST + ":" + this.options.emulatorPort();
			awaitReady(this.emulator, address,
					() -> Ports.accepting(HOST, this.options.emulatorPort()));
			component("Gemini", address, "emulator (local Tesseract), pid " + this.emulator.pid());
		}

		LocalSecrets secrets = LocalSecrets.load(this.options.dataDir());
		Map<String, String> apiEnv = new LinkedHashMap<>(
				ApiLogin.testModeEnvironment(secrets.testSecret(), secrets.tokenSecret()));
		apiEnv.put("SERVER_PORT", String.valueOf(this.options.apiPort()));
		register(() -> this.api = startApp(apiJar, "api", this.options.apiPort(), logs, "\u001B[36m", apiEnv,
				"-Xmx512m"));
		watch(this.api);
		for (int i = 1; i <= this.options.workers(); i++) {
			int index = i;
			register(() -> this.workers.add(startApp(workerJar, "worker-" + index, this.options.workerPort(index),
					logs, WORKER_COLORS[(index - 1) % WORKER_COLORS.length], workerEnv(index), "-Xmx1g",
					// an OutOfMemoryError leaves a worker in an unknown state: end it, the stack shows it died
					"-XX:+ExitOnOutOfMemoryError")));
			watch(this.workers.getLast());
		}
		String apiUrl = "http://" + HOST + ":" + this.options.apiPort();
		awaitReady(this.api, apiUrl + "/actuator/health", () -> Health.isUp(URI.create(apiUrl + "/actuator/health")));
		component("API", apiUrl, "pid " + this.api.pid() + ", log " + display(this.api.logFile()));
		Path token = signIn(URI.create(apiUrl), secrets);
		component("Local user", display(token), "test mode: an API token of the local user, kept across restarts");
		for (int i = 1; i <= this.options.workers(); i++) {
			ChildJvm worker = this.workers.get(i - 1);
			String health = "http://" + HOST + ":" + this.options.workerPort(i) + "/actuator/health";
			awaitReady(worker, health, () -> Health.isUp(URI.create(health)));
			component(worker.name(), health, "engine " + engine() + ", pid " + worker.pid() + ", log "
					+ display(worker.logFile()));
		}
		banner(secrets);
	}

	/**
	 * Blocks until a component dies on its own.
	 * @return what happened, for the console
	 */
	public String awaitFailure() {
		try {
			return this.failure.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "Interrupted";
		}
		catch (ExecutionException ex) {
			return String.valueOf(ex.getCause());
		}
	}

	/**
	 * Stops everything that was started, in reverse order: workers, API, emulator, Kafka, MongoDB.
	 * Safe to call more than once and from a shutdown hook.
	 */
	@Override
	public void close() {
		synchronized (this.lock) {
			if (this.stopping) {
				return;
			}
			this.stopping = true;
		}
		if (this.workers.isEmpty() && this.api == null && this.kafka == null && this.mongo == null) {
			return;
		}
		say("Stopping the local stack...");
		List<CompletableFuture<Void>> workerStops = new ArrayList<>();
		for (ChildJvm worker : List.copyOf(this.workers)) {
			workerStops.add(CompletableFuture.runAsync(() -> stopChild(worker)));
		}
		workerStops.forEach(CompletableFuture::join);
		stopChild(this.api);
		stopChild(this.emulator);
		if (this.kafka != null) {
			this.kafka.stop();
			say("stopped Kafka");
		}
		if (this.mongo != null) {
			this.mongo.stop();
			say("stopped MongoDB (data flushed to " + display(this.mongo.file()) + ")");
		}
		say("Stopped.");
	}

	CompletableFuture<String> failure() {
		return this.failure;
	}

	List<ChildJvm> workers() {
		return List.copyOf(this.workers);
	}

	ChildJvm api() {
		return this.api;
	}

	boolean isStopping() {
		synchronized (this.lock) {
			return this.stopping;
		}
	}

	private void register(Runnable start) {
		if (isStopping()) {
			throw new IllegalStateException("Stopping");
		}
		start.run();
		if (isStopping()) {
			// Ctrl-C arrived while this component started: the shutdown may have missed it
			this.workers.forEach((worker) -> worker.stop(STOP_GRACE));
			if (this.api != null) {
				this.api.stop(STOP_GRACE);
			}
			if (this.emulator != null) {
				this.emulator.stop(STOP_GRACE);
			}
			if (this.kafka != null) {
				this.kafka.stop();
			}
			throw new IllegalStateException("Stopping");
		}
	}

	private ChildJvm startEmulator(Path logs) {
		try {
			return ChildJvm.mainClass(EMULATOR_MAIN)
				.name("gemini")
				.jvmArgs("--enable-native-access=ALL-UNNAMED", "-Xmx512m")
				.args("--port", String.valueOf(this.options.emulatorPort()))
				.logFile(logs.resolve("gemini.log"))
				.console(this.out, prefix("gemini", "\u001B[95m"))
				.workingDir(this.options.root())
				.ownSession(true)
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the Gemini emulator", ex);
		}
	}

	private ChildJvm startApp(Path jar, String name, int port, Path logs, String color, Map<String, String> env,
			String... jvmArgs) {
		Map<String, String> all = new LinkedHashMap<>();
		all.put("SPRING_MONGODB_URI", this.mongo.uri(DATABASE));
		all.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", this.kafka.bootstrapServers());
		all.put("SPRING_PROFILES_ACTIVE", "local");
		// mongo-java-server lacks the `hello` command Boot's Mongo health check sends
		all.put("MANAGEMENT_HEALTH_MONGODB_ENABLED", "false");
		all.put("MANAGEMENT_SERVER_PORT", String.valueOf(port));
		all.putAll(env);
		try {
			return ChildJvm.jar(jar)
				.name(name)
				.jvmArgs("--enable-native-access=ALL-UNNAMED")
				.jvmArgs(jvmArgs)
				.env(all)
				.logFile(logs.resolve(name + ".log"))
				.console(this.out, prefix(name, color))
				.workingDir(this.options.root())
				.ownSession(true)
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + name + " from " + jar, ex);
		}
	}

	private Map<String, String> workerEnv(int index) {
		Map<String, String> env = new LinkedHashMap<>();
		env.put("SERVER_PORT", String.valueOf(this.options.workerPort(index)));
		env.put("OCR_WORKER_INSTANCEID", "worker-" + index);
		env.put("OCR_WORKER_ENGINE", engine());
		if (this.options.geminiEmulator()) {
			env.put("OCR_WORKER_GEMINI_APIKEY", "emulator");
			env.put("OCR_WORKER_GEMINI_BASEURL", "http://" + HOST + ":" + this.options.emulatorPort());
		}
		return env;
	}

	private String engine() {
		return this.options.geminiEmulator() ? "gemini" : "auto";
	}

	private void watch(ChildJvm child) {
		watch(child.name(), child.onExit(), () -> child.tailText(30) + "    (full log: " + display(child.logFile())
				+ ")" + System.lineSeparator());
	}

	private void watch(String name, CompletableFuture<Process> exit, Supplier<String> tail) {
		exit.thenAccept((process) -> {
			if (!isStopping()) {
				this.failure.complete(name + " exited unexpectedly (exit code " + process.exitValue()
						+ "): stopping the stack. Its last lines:" + System.lineSeparator() + tail.get());
			}
		});
	}

	private void awaitReady(ChildJvm child, String address, BooleanSupplier ready) {
		Instant deadline = Instant.now().plus(READY_TIMEOUT);
		while (!ready.getAsBoolean()) {
			if (isStopping()) {
				throw new IllegalStateException("Stopping");
			}
			if (!child.isAlive()) {
				throw new IllegalStateException(child.name() + " exited (code " + child.exitValue()
						+ ") before it was ready; the end of " + display(child.logFile()) + ":"
						+ System.lineSeparator() + child.tailText(40));
			}
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException(child.name() + " was not ready at " + address + " within "
						+ READY_TIMEOUT.toSeconds() + " s; the end of " + display(child.logFile()) + ":"
						+ System.lineSeparator() + child.tailText(40));
			}
			try {
				// the poll interval, cut short if the child dies meanwhile
				child.onExit().get(500, TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException | ExecutionException ex) {
				// still running: poll again
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted", ex);
			}
		}
	}

	private void stopChild(ChildJvm child) {
		if (child == null) {
			return;
		}
		boolean graceful = child.stop(STOP_GRACE);
		say("stopped " + child.name() + (graceful ? "" : " (killed after " + STOP_GRACE.toSeconds() + " s)"));
	}

	private Path findJar(String module) {
		Path target = this.options.root().resolve(module).resolve("target");
		List<Path> jars = new ArrayList<>();
		if (Files.isDirectory(target)) {
			try (DirectoryStream<Path> stream = Files.newDirectoryStream(target, "ocrpipe-" + module + "-*-exec.jar")) {
				stream.forEach(jars::add);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot list " + target, ex);
			}
		}
		return jars.stream()
			.max(Comparator.comparing(LocalStack::modified))
			.orElseThrow(() -> new IllegalStateException("No " + module + "/target/ocrpipe-" + module
					+ "-*-exec.jar under " + this.options.root()
					+ ": build first (./run-local without --no-build, or mvn -DskipTests install)"));
	}

	private static FileTime modified(Path file) {
		try {
			return Files.getLastModifiedTime(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void requireEmulatorOnClasspath() {
		try {
			Class.forName(EMULATOR_MAIN, false, LocalStack.class.getClassLoader());
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(EMULATOR_MAIN + " is not on the class path: build the reactor"
					+ " (./run-local without --no-build) so that gemini-emulator is installed");
		}
	}

	private void requirePortsFree() {
		Ports.requireFree(HOST, this.options.mongoPort(), "MongoDB wire server");
		Ports.requireFree(HOST, this.options.kafkaPort(), "Kafka broker");
		Ports.requireFree(HOST, this.options.kafkaControllerPort(), "Kafka controller");
		if (this.options.geminiEmulator()) {
			Ports.requireFree(HOST, this.options.emulatorPort(), "Gemini emulator");
		}
		Ports.requireFree("0.0.0.0", this.options.apiPort(), "API");
		for (int i = 1; i <= this.options.workers(); i++) {
			Ports.requireFree("0.0.0.0", this.options.workerPort(i), "worker-" + i);
		}
	}

	private void wipe(Path dataDir) {
		Path root = this.options.root();
		Path home = Path.of(System.getProperty("user.home")).toAbsolutePath();
		if (root.startsWith(dataDir) || dataDir.equals(home) || dataDir.getNameCount() < 2) {
			throw new IllegalStateException("Refusing to delete " + dataDir + " for --fresh: choose a dedicated --data");
		}
		if (!Files.exists(dataDir)) {
			return;
		}
		say("--fresh: deleting " + display(dataDir));
		try {
			Files.walkFileTree(dataDir, new SimpleFileVisitor<>() {

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
					Files.delete(file);
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult postVisitDirectory(Path dir, IOException ex) throws IOException {
					if (ex != null) {
						throw ex;
					}
					Files.delete(dir);
					return FileVisitResult.CONTINUE;
				}

			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot delete " + dataDir, ex);
		}
	}

	/** An API token of the local user: the one kept from an earlier start while the API accepts it, else a new one. */
	private Path signIn(URI api, LocalSecrets secrets) {
		String stored = LocalSecrets.storedToken(this.options.dataDir());
		if (stored != null && ApiLogin.accepts(api, stored)) {
			return this.options.dataDir().resolve(LocalSecrets.TOKEN_FILE);
		}
		return LocalSecrets.storeToken(this.options.dataDir(), ApiLogin.mintToken(api, secrets.testSecret(), "local stack"));
	}

	private String signInLink(String api, LocalSecrets secrets) {
		try {
			return ApiLogin.signInLink(URI.create(api), secrets.testSecret()).toString();
		}
		catch (RuntimeException ex) {
			return api + "/  (no sign-in link: " + ex.getMessage() + ")";
		}
	}

	private void banner(LocalSecrets secrets) {
		String api = "http://localhost:" + this.options.apiPort();
		say("------------------------------------------------------------------------");
		say("ocrpipe is up: " + api + "   (" + this.options.workers() + " worker"
				+ ((this.options.workers() == 1) ? "" : "s") + ", OCR engine " + engine() + ")");
		say("");
		say("  # the web app: open this one-time link to be signed in as the local user (valid once,");
		say("  # for 15 minutes; ./run-local prints a new one at every start)");
		say("  " + signInLink(api, secrets));
		say("");
		say("  # you are the local user (test mode); programs send its API token as a bearer token");
		say("  export OCRPIPE_TOKEN=$(cat " + display(this.options.dataDir().resolve(LocalSecrets.TOKEN_FILE)) + ")");
		say("  # upload a PDF: the answer is 202 Accepted with the job's id (and a Location header)");
		say("  curl -H \"Authorization: Bearer $OCRPIPE_TOKEN\" -F file=@some.pdf " + api + "/api/v1/jobs");
		say("  # status and page counts");
		say("  curl -H \"Authorization: Bearer $OCRPIPE_TOKEN\" " + api + "/api/v1/jobs/<id>");
		say("  # the text, once the job has SUCCEEDED (partial results while it runs: /pages)");
		say("  curl -H \"Authorization: Bearer $OCRPIPE_TOKEN\" '" + api + "/api/v1/jobs/<id>/result?format=txt'");
		say("");
		say("Logs: " + display(this.options.dataDir().resolve("logs")) + "   Ctrl-C stops everything.");
		say("------------------------------------------------------------------------");
	}

	private void component(String name, String address, String detail) {
		say(String.format("%-10s %-40s %s", name, address, "(" + detail + ")"));
	}

	private void say(String line) {
		this.out.println(prefix("local", "\u001B[1m") + line);
	}

	private void loud(String message) {
		String bang = this.options.color() ? "\u001B[1;31m" : "";
		String end = this.options.color() ? RESET : "";
		this.out.println(bang + "[local] !!! " + message + end);
		this.out.flush();
	}

	private String prefix(String name, String color) {
		return this.options.color() ? color + "[" + name + "]" + RESET + " " : "[" + name + "] ";
	}

	private String display(Path path) {
		if (path == null) {
			return "-";
		}
		Path absolute = path.toAbsolutePath().normalize();
		return absolute.startsWith(this.options.root()) ? this.options.root().relativize(absolute).toString()
				: absolute.toString();
	}

}
