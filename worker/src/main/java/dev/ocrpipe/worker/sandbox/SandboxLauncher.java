package dev.ocrpipe.worker.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ocrpipe.sandbox.SandboxMain;

/**
 * Builds the command line of a sandbox process: the worker's own {@code java}, the sandbox's main
 * class from the worker's own class path (a Spring Boot executable jar through its
 * {@code PropertiesLauncher}, or a plain class path in tests), hard caps, an empty environment (no
 * secret or URI of the worker reaches it) and, where the host allows, a network namespace of its
 * own.
 */
final class SandboxLauncher {

	private static final Logger log = LoggerFactory.getLogger(SandboxLauncher.class);

	private static final String BOOT_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

	private static final Path UNSHARE = Path.of("/usr/bin/unshare");

	private static final Path PRLIMIT = Path.of("/usr/bin/prlimit");

	private final List<String> command;

	private final boolean isolated;

	SandboxLauncher(SandboxProperties properties) {
		this(properties, System.getProperty("java.class.path"));
	}

	SandboxLauncher(SandboxProperties properties, String classpath) {
		List<String> command = new ArrayList<>();
		this.isolated = isolate(properties.isolation());
		if (this.isolated) {
			command.addAll(List.of(UNSHARE.toString(), "--net", "--map-root-user"));
		}
		if (Files.isExecutable(PRLIMIT)) {
			// no core dumps of a process full of untrusted bytes; a bounded number of open files
			command.addAll(List.of(PRLIMIT.toString(), "--core=0", "--nofile=1024", "--"));
		}
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		long heapMb = Math.max(32, properties.heap().toMegabytes());
		command.addAll(List.of("-Xmx" + heapMb + "m", "-Xms" + Math.min(heapMb, 64) + "m",
				"-XX:+ExitOnOutOfMemoryError", "-XX:+DisplayVMOutputToStderr", "-XX:MaxDirectMemorySize=64m",
				"-Xss1m", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Djava.awt.headless=true",
				"-Dfile.encoding=UTF-8"));
		String bootJar = bootJar(classpath);
		if (bootJar != null) {
			command.addAll(List.of("-cp", bootJar, "-Dloader.main=" + SandboxMain.class.getName(), BOOT_LAUNCHER));
		}
		else {
			command.addAll(List.of("-cp", classpath, SandboxMain.class.getName()));
		}
		if (properties.warmUp()) {
			command.add(SandboxMain.WARM_UP);
		}
		this.command = List.copyOf(command);
	}

	/** Whether processes run in a network namespace of their own. */
	boolean isolated() {
		return this.isolated;
	}

	List<String> command() {
		return this.command;
	}

	/** The command for the log, the class path shortened. */
	String describe() {
		StringBuilder text = new StringBuilder();
		boolean classpath = false;
		for (String part : this.command) {
			text.append(text.isEmpty() ? "" : " ")
				.append(classpath ? "<" + part.split(File.pathSeparator).length + " class path entries>" : part);
			classpath = part.equals("-cp");
		}
		return text.toString();
	}

	Process start() throws IOException {
		ProcessBuilder builder = new ProcessBuilder(this.command);
		builder.environment().clear();
		builder.directory(new File(System.getProperty("java.io.tmpdir")));
		return builder.start();
	}

	private static boolean isolate(SandboxProperties.Isolation isolation) {
		if (isolation == SandboxProperties.Isolation.OFF) {
			return false;
		}
		boolean possible = probe();
		if (!possible && isolation == SandboxProperties.Isolation.REQUIRED) {
			throw new IllegalStateException("ocr.worker.sandbox.isolation=required, but this host does not let "
					+ "unprivileged processes create a user and network namespace (unshare --net --map-root-user)");
		}
		if (!possible) {
			log.warn("sandbox processes run WITHOUT a network namespace: this host does not allow "
					+ "'unshare --net --map-root-user' (set ocr.worker.sandbox.isolation=required to refuse to start)");
		}
		return possible;
	}

	/** Whether {@code unshare --net --map-root-user} works here (user namespaces allowed). */
	static boolean probe() {
		if (!Files.isExecutable(UNSHARE)) {
			return false;
		}
		try {
			Process process = new ProcessBuilder(UNSHARE.toString(), "--net", "--map-root-user", "true")
				.redirectErrorStream(true)
				.start();
			process.getInputStream().readAllBytes();
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return false;
			}
			return process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * The Spring Boot executable jar on the class path (a jar with its classes under BOOT-INF), or
	 * {@code null} when the worker runs from a plain class path.
	 */
	static String bootJar(String classpath) {
		if (classpath == null) {
			return null;
		}
		for (String entry : classpath.split(File.pathSeparator)) {
			if (entry.endsWith(".jar") && Files.isRegularFile(Path.of(entry))) {
				try (JarFile jar = new JarFile(entry)) {
					if (jar.getEntry("BOOT-INF/lib/") != null || jar.getEntry("BOOT-INF/classes/") != null) {
						return entry;
					}
				}
				catch (IOException ex) {
					// not a jar we can read: not the boot jar
				}
			}
		}
		return null;
	}

}
