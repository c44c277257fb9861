package dev.ocrpipe.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * The command line of a sandbox process, in one place for the worker's pool and the rendering
 * benchmark: the current {@code java}, hard caps, the sandbox's main class from a class path (a
 * Spring Boot executable jar through its {@code PropertiesLauncher}, or a plain class path) and,
 * where asked, a network namespace of its own. Start it with an empty environment.
 */
public final class SandboxCommand {

	private static final String BOOT_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

	private static final Path UNSHARE = Path.of("/usr/bin/unshare");

	private static final Path PRLIMIT = Path.of("/usr/bin/prlimit");

	private SandboxCommand() {
	}

	/**
	 * The command.
	 * @param heapMb the heap cap ({@code -Xmx}); the process exits when it runs out
	 * @param isolated whether to run in a network namespace of its own ({@link #isolationWorks()})
	 * @param classpath the class path holding the sandbox (the worker's own)
	 * @param warmUp whether to render a page before saying it is ready
	 */
	public static List<String> of(long heapMb, boolean isolated, String classpath, boolean warmUp) {
		List<String> command = new ArrayList<>();
		if (isolated) {
			command.addAll(List.of(UNSHARE.toString(), "--net", "--map-root-user"));
		}
		if (Files.isExecutable(PRLIMIT)) {
			// no core dumps of a process full of untrusted bytes; a bounded number of open files
			command.addAll(List.of(PRLIMIT.toString(), "--core=0", "--nofile=1024", "--"));
		}
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		long heap = Math.max(32, heapMb);
		// the heap is committed up front (rendering allocates a page-sized image per request, and a
		// growing young generation costs collections); Parallel GC, as the page is short-lived garbage
		command.addAll(List.of("-Xmx" + heap + "m", "-Xms" + Math.min(heap, 256) + "m", "-XX:+UseParallelGC",
				"-XX:ParallelGCThreads=1", "-XX:+ExitOnOutOfMemoryError", "-XX:+DisplayVMOutputToStderr",
				"-XX:MaxDirectMemorySize=64m", "-Xss1m", "-XX:-UsePerfData", "-Djava.awt.headless=true",
				"-Dfile.encoding=UTF-8"));
		String bootJar = bootJar(classpath);
		if (bootJar != null) {
			command.addAll(List.of("-cp", bootJar, "-Dloader.main=" + SandboxMain.class.getName(), BOOT_LAUNCHER));
		}
		else {
			command.addAll(List.of("-cp", classpath, SandboxMain.class.getName()));
		}
		if (warmUp) {
			command.add(SandboxMain.WARM_UP);
		}
		return List.copyOf(command);
	}

	/** Whether {@code unshare --net --map-root-user} works here (user namespaces allowed). */
	public static boolean isolationWorks() {
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
	 * {@code null} when the class path is a plain one.
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
