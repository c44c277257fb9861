package dev.ocrpipe.local;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * A Java program run as a separate process of the same JDK, so that the local stack and fault
 * tests can stop it gracefully (SIGTERM), kill it (SIGKILL) and restart it like a real
 * deployment would, while its output is kept in a log file and optionally echoed with a prefix.
 *
 * <p>
 * Unless {@link Builder#dieWithParent(boolean) disabled}, the child runs behind
 * {@link ParentWatch}, which exits the child when this JVM dies, even by {@code kill -9}.
 */
public final class ChildJvm implements AutoCloseable {

	private static final int TAIL_LINES = 200;

	private static final Path SETSID = Path.of("/usr/bin/setsid");

	private final String name;

	private final Process process;

	private final Path logFile;

	private final Thread pump;

	private final ArrayDeque<String> tail = new ArrayDeque<>();

	private ChildJvm(String name, Process process, Path logFile, PrintStream console, String prefix) {
		this.name = name;
		this.process = process;
		this.logFile = logFile;
		this.pump = Thread.ofPlatform()
			.name("child-" + name + "-output")
			.daemon()
			.start(() -> copyOutput(process.getInputStream(), console, prefix));
	}

	/**
	 * Starts describing a child that runs {@code mainClass} on a class path.
	 * @param mainClass the fully qualified main class
	 * @return a builder
	 */
	public static Builder mainClass(String mainClass) {
		return new Builder(Objects.requireNonNull(mainClass), null);
	}

	/**
	 * Starts describing a child that runs an executable jar, like {@code java -jar}.
	 * @param jar the jar, whose manifest names the main class
	 * @return a builder
	 */
	public static Builder jar(Path jar) {
		return new Builder(null, Objects.requireNonNull(jar));
	}

	/** @return the name used for the log prefix and in messages */
	public String name() {
		return this.name;
	}

	/** @return the operating system process id */
	public long pid() {
		return this.process.pid();
	}

	/** @return whether the process still runs */
	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** @return the file that receives every line the child prints, or {@code null} */
	public Path logFile() {
		return this.logFile;
	}

	/** @return completes when the process has exited */
	public CompletableFuture<Process> onExit() {
		return this.process.onExit();
	}

	/** @return the exit code, or empty while the process runs */
	public OptionalInt exitValue() {
		return this.process.isAlive() ? OptionalInt.empty() : OptionalInt.of(this.process.exitValue());
	}

	/**
	 * Waits for the process to exit on its own.
	 * @param timeout how long to wait
	 * @return the exit code, or empty if the process still runs after {@code timeout}
	 */
	public OptionalInt awaitExit(Duration timeout) {
		try {
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				return OptionalInt.empty();
			}
			drainOutput();
			return OptionalInt.of(this.process.exitValue());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return exitValue();
		}
	}

	/**
	 * Asks the process to stop (SIGTERM, so shutdown hooks run) and kills it (SIGKILL) if it has
	 * not exited within {@code grace}.
	 * @param grace how long the process may take to shut down
	 * @return {@code true} if it exited within the grace period, {@code false} if it was killed
	 */
	public boolean stop(Duration grace) {
		if (!this.process.isAlive()) {
			drainOutput();
			return true;
		}
		// ProcessHandle, not Process.destroy(): the latter closes our end of the output pipe at
		// once, losing what the child prints while it shuts down
		this.process.toHandle().destroy();
		if (awaitExit(grace).isPresent()) {
			return true;
		}
		kill();
		return false;
	}

	/** Kills the process at once (SIGKILL), as a crash would, and waits until it is gone. */
	public void kill() {
		this.process.toHandle().destroyForcibly();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		drainOutput();
	}

	/**
	 * @param lines how many lines
	 * @return the last lines the child printed (at most {@value #TAIL_LINES})
	 */
	public List<String> tail(int lines) {
		synchronized (this.tail) {
			List<String> all = new ArrayList<>(this.tail);
			return List.copyOf(all.subList(Math.max(0, all.size() - lines), all.size()));
		}
	}

	/** @return the last lines the child printed, indented, for error messages */
	public String tailText(int lines) {
		StringBuilder text = new StringBuilder();
		tail(lines).forEach((line) -> text.append("    ").append(line).append(System.lineSeparator()));
		return text.toString();
	}

	/** Stops the process with a 30 second grace period. */
	@Override
	public void close() {
		stop(Duration.ofSeconds(30));
	}

	@Override
	public String toString() {
		return "ChildJvm[" + this.name + ", pid " + pid() + (isAlive() ? "" : ", exited") + "]";
	}

	private void drainOutput() {
		try {
			this.pump.join(Duration.ofSeconds(5));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void copyOutput(InputStream output, PrintStream console, String prefix) {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
				BufferedWriter log = openLog()) {
			String line;
			while ((line = reader.readLine()) != null) {
				synchronized (this.tail) {
					if (this.tail.size() == TAIL_LINES) {
						this.tail.removeFirst();
					}
					this.tail.addLast(line);
				}
				if (log != null) {
					log.write(line);
					log.newLine();
					log.flush();
				}
				if (console != null) {
					console.println(prefix + line);
				}
			}
		}
		catch (IOException ex) {
			// the stream closes when the process dies; nothing left to copy
		}
	}

	private BufferedWriter openLog() throws IOException {
		if (this.logFile == null) {
			return null;
		}
		return Files.newBufferedWriter(this.logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND);
	}

	private static Path ownLocation() {
		try {
			return Path.of(ParentWatch.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException("Cannot locate the ocrpipe-local classes", ex);
		}
	}

	private static String manifestMainClass(Path jar) {
		try (JarFile file = new JarFile(jar.toFile())) {
			String main = (file.getManifest() != null) ? file.getManifest().getMainAttributes().getValue("Main-Class")
					: null;
			if (main == null) {
				throw new IllegalArgumentException(jar + " has no Main-Class in its manifest");
			}
			return main;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + jar, ex);
		}
	}

	/**
	 * Describes a child JVM before it starts; every setting except the main class or jar is
	 * optional.
	 */
	public static final class Builder {

		private final String mainClass;

		private final Path jar;

		private String name;

		private String classpath = System.getProperty("java.class.path");

		private final List<String> jvmArgs = new ArrayList<>();

		private final List<String> args = new ArrayList<>();

		private final Map<String, String> env = new LinkedHashMap<>();

		private Path workingDir;

		private Path logFile;

		private PrintStream console;

		private String prefix;

		private boolean dieWithParent = true;

		private boolean ownSession;

		private Builder(String mainClass, Path jar) {
			this.mainClass = mainClass;
			this.jar = jar;
			this.name = (mainClass != null) ? mainClass.substring(mainClass.lastIndexOf('.') + 1)
					: jar.getFileName().toString();
		}

		/**
		 * @param name a short name for messages and the default console prefix
		 * @return this builder
		 */
		public Builder name(String name) {
			this.name = Objects.requireNonNull(name);
			return this;
		}

		/**
		 * @param classpath the class path for a main class; defaults to this JVM's class path
		 * @return this builder
		 */
		public Builder classpath(String classpath) {
			this.classpath = Objects.requireNonNull(classpath);
			return this;
		}

		/**
		 * @param jvmArgs options for the {@code java} launcher, such as {@code -Xmx512m}
		 * @return this builder
		 */
		public Builder jvmArgs(String... jvmArgs) {
			this.jvmArgs.addAll(List.of(jvmArgs));
			return this;
		}

		/**
		 * @param args program arguments
		 * @return this builder
		 */
		public Builder args(String... args) {
			return args(List.of(args));
		}

		/**
		 * @param args program arguments
		 * @return this builder
		 */
		public Builder args(Collection<String> args) {
			this.args.addAll(args);
			return this;
		}

		/**
		 * @param name an environment variable, added to this JVM's environment
		 * @param value its value
		 * @return this builder
		 */
		public Builder env(String name, String value) {
			this.env.put(name, value);
			return this;
		}

		/**
		 * @param env environment variables, added to this JVM's environment
		 * @return this builder
		 */
		public Builder env(Map<String, String> env) {
			this.env.putAll(env);
			return this;
		}

		/**
		 * @param workingDir the child's working directory; defaults to this JVM's
		 * @return this builder
		 */
		public Builder workingDir(Path workingDir) {
			this.workingDir = workingDir;
			return this;
		}

		/**
		 * @param logFile a file that receives every output line (appended; parent directories
		 * are created)
		 * @return this builder
		 */
		public Builder logFile(Path logFile) {
			this.logFile = logFile;
			return this;
		}

		/**
		 * @param console where to echo output lines, each after {@code prefix}; {@code null}
		 * echoes nothing
		 * @param prefix text before each echoed line, such as a coloured {@code [api] }
		 * @return this builder
		 */
		public Builder console(PrintStream console, String prefix) {
			this.console = console;
			this.prefix = prefix;
			return this;
		}

		/**
		 * @param dieWithParent whether the child exits (gracefully) when this JVM dies; on by
		 * default
		 * @return this builder
		 */
		public Builder dieWithParent(boolean dieWithParent) {
			this.dieWithParent = dieWithParent;
			return this;
		}

		/**
		 * @param ownSession whether to start the child in its own session (where
		 * {@code setsid} exists) so that a Ctrl-C in the terminal reaches only this JVM, which
		 * then stops its children in order
		 * @return this builder
		 */
		public Builder ownSession(boolean ownSession) {
			this.ownSession = ownSession;
			return this;
		}

		/**
		 * Starts the process.
		 * @return the running child
		 * @throws IOException if the process cannot be started
		 */
		public ChildJvm start() throws IOException {
			List<String> command = new ArrayList<>();
			if (this.ownSession && Files.isExecutable(SETSID)) {
				command.add(SETSID.toString());
			}
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			command.addAll(this.jvmArgs);
			if (this.dieWithParent) {
				String main = (this.jar != null) ? manifestMainClass(this.jar) : this.mainClass;
				String cp = (this.jar != null) ? this.jar.toString() : this.classpath;
				command.addAll(List.of("-cp", ownLocation() + File.pathSeparator + cp,
						ParentWatch.class.getName(), main));
			}
			else if (this.jar != null) {
				command.addAll(List.of("-jar", this.jar.toString()));
			}
			else {
				command.addAll(List.of("-cp", this.classpath, this.mainClass));
			}
			command.addAll(this.args);
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
			builder.environment().putAll(this.env);
			if (this.workingDir != null) {
				builder.directory(this.workingDir.toFile());
			}
			if (this.logFile != null) {
				Path parent = this.logFile.toAbsolutePath().getParent();
				if (parent != null) {
					Files.createDirectories(parent);
				}
			}
			// stdin stays an open pipe that we never write to: ParentWatch reads it to notice our death
			Process process = builder.start();
			return new ChildJvm(this.name, process, this.logFile, this.console,
					(this.prefix != null) ? this.prefix : "[" + this.name + "] ");
		}

	}

}
