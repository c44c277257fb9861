package dev.ocrpipe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmIT {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@TempDir
	Path dir;

	@Test
	void stopDeliversSigtermSoShutdownHooksRun() throws Exception {
		Path marker = this.dir.resolve("marker");
		try (ChildJvm child = ChildJvm.mainClass(MarkerMain.class.getName()).args(marker.toString()).start()) {
			awaitReady(child);

			assertThat(child.stop(Duration.ofSeconds(30))).isTrue();

			assertThat(child.isAlive()).isFalse();
			assertThat(child.exitValue()).hasValue(143);
			assertThat(marker).hasContent("shutdown hook ran");
			// what a child prints while it shuts down is kept
			assertThat(child.tail(5)).contains("stopping");
		}
	}

	@Test
	void killEndsTheProcessWithoutShutdownHooks() throws Exception {
		Path marker = this.dir.resolve("marker");
		try (ChildJvm child = ChildJvm.mainClass(MarkerMain.class.getName()).args(marker.toString()).start()) {
			awaitReady(child);
			long pid = child.pid();

			child.kill();

			assertThat(child.isAlive()).isFalse();
			assertThat(child.exitValue()).hasValue(137);
			assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
			assertThat(marker).doesNotExist();
		}
	}

	@Test
	void outputGoesToTheLogFileAndToTheConsoleWithAPrefix() throws Exception {
		Path log = this.dir.resolve("logs").resolve("marker.log");
		ByteArrayOutputStream console = new ByteArrayOutputStream();
		try (ChildJvm child = ChildJvm.mainClass(MarkerMain.class.getName())
			.name("marker")
			.args(this.dir.resolve("marker").toString())
			.logFile(log)
			.console(new PrintStream(console, true, StandardCharsets.UTF_8), "[marker] ")
			.ownSession(true)
			.start()) {
			awaitReady(child);
			child.stop(Duration.ofSeconds(30));

			assertThat(log).content().contains("ready");
			assertThat(console.toString(StandardCharsets.UTF_8)).contains("[marker] ready");
		}
	}

	@Test
	void withoutTheParentWatchTheExitCodeIsTheProgramsOwn() throws Exception {
		try (ChildJvm child = ChildJvm.mainClass(MarkerMain.class.getName())
			.args(this.dir.resolve("missing-dir").resolve("marker").toString(), "unused")
			.dieWithParent(false)
			.start()) {
			awaitReady(child);
			child.stop(Duration.ofSeconds(30));

			// the hook fails to write into a missing directory, which does not change the code
			assertThat(child.exitValue()).hasValue(143);
		}
	}

	@Test
	void aChildExitsGracefullyWhenItsParentIsKilled() throws Exception {
		Path marker = this.dir.resolve("marker");
		try (ChildJvm parent = ChildJvm.mainClass(SpawnerMain.class.getName()).args(marker.toString()).start()) {
			long grandchild = await().atMost(WAIT)
				.until(() -> parent.tail(10)
					.stream()
					.filter((line) -> line.startsWith("grandchild="))
					.map((line) -> Long.parseLong(line.substring("grandchild=".length())))
					.findFirst(), Optional::isPresent)
				.orElseThrow();
			assertThat(ProcessHandle.of(grandchild).filter(ProcessHandle::isAlive)).isPresent();

			parent.kill();

			await().atMost(WAIT).until(() -> ProcessHandle.of(grandchild).filter(ProcessHandle::isAlive).isEmpty());
			await().atMost(WAIT).until(() -> Files.exists(marker));
		}
	}

	private static void awaitReady(ChildJvm child) {
		await().atMost(WAIT).until(() -> child.tail(5).contains("ready"));
	}

}
