package dev.ocrpipe.worker.sandbox;

import java.io.File;
import java.io.IOException;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ocrpipe.sandbox.SandboxCommand;

/**
 * Starts sandbox processes: the command of {@link SandboxCommand} with the worker's own class path,
 * an empty environment (no secret or URI of the worker reaches them) and, where the host allows, a
 * network namespace of their own.
 */
final class SandboxLauncher {

	private static final Logger log = LoggerFactory.getLogger(SandboxLauncher.class);

	private final List<String> command;

	private final boolean isolated;

	SandboxLauncher(SandboxProperties properties) {
		this(properties, System.getProperty("java.class.path"));
	}

	SandboxLauncher(SandboxProperties properties, String classpath) {
		this.isolated = isolate(properties.isolation());
		this.command = SandboxCommand.of(properties.heap().toMegabytes(), this.isolated, classpath,
				properties.warmUp());
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
		boolean possible = SandboxCommand.isolationWorks();
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

}
