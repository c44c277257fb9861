package dev.ocrpipe.worker.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import dev.ocrpipe.common.jobs.DocumentType;
import dev.ocrpipe.common.jobs.ErrorCode;
import dev.ocrpipe.sandbox.PageLimits;
import dev.ocrpipe.testkit.HostileDocuments;
import dev.ocrpipe.testkit.SampleDocuments;
import dev.ocrpipe.worker.documents.DocumentUnavailable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The pool with real sandbox processes: a process killed in the middle of a page, one that runs
 * out of heap and one that misses its deadline each end the page with its code, the pool replaces
 * the process, and a good page succeeds afterwards.
 */
class SandboxesIT {

	private static final PageLimits LIMITS = new PageLimits(150, 72, 40_000_000, 32 << 20, 64 << 20, 25);

	private static final Duration DEADLINE = Duration.ofSeconds(60);

	@TempDir
	Path dir;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private Sandboxes pool;

	@AfterEach
	void close() {
		if (this.pool != null) {
			this.pool.close();
		}
	}

	private Sandboxes pool(int crashRetries, String heap) {
		SandboxProperties properties = new SandboxProperties(1, DataSize.parse(heap), Duration.ofSeconds(60),
				crashRetries, SandboxProperties.Isolation.AUTO, DataSize.ofMegabytes(64), false);
		this.pool = new Sandboxes(properties, 1, this.meters);
		return this.pool;
	}

	private Path file(String name, byte[] content) throws IOException {
		return Files.write(this.dir.resolve(name), content);
	}

	@Test
	void readsTextLayersAndRendersPagesAndPlans() throws IOException {
		Sandboxes pool = pool(1, "256MB");
		Path text = file("text.pdf", SampleDocuments.textPdf("A page with a real text layer on it", "Second page"));
		Path scan = file("scan.png", SampleDocuments.png("SCANNED"));
		assertThat(pool.plan(text, DocumentType.PDF, 10)).isEqualTo(2);
		assertThat(pool.page(text, DocumentType.PDF, 1, LIMITS, DEADLINE))
			.isEqualTo(new SandboxPage.Text("A page with a real text layer on it"));
		SandboxPage page = pool.page(scan, DocumentType.PNG, 1, LIMITS, DEADLINE);
		assertThat(page).isInstanceOfSatisfying(SandboxPage.Raster.class, (raster) -> {
			assertThat(raster.image().image().getType()).isEqualTo(java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
			assertThat(raster.image().hasInk()).isTrue();
		});
		assertThatExceptionOfType(DocumentUnavailable.class).isThrownBy(() -> pool.plan(scan, DocumentType.PDF, 10))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.UNSUPPORTED_MEDIA_TYPE));
	}

	@Test
	void aProcessKilledMidPageFailsThePageAndIsReplaced() throws IOException {
		Sandboxes pool = pool(0, "256MB");
		Path slow = file("slow.pdf", HostileDocuments.slowVectorPage(1_000_000));
		List<Long> before = pool.pids();
		CompletableFuture<SandboxPage> page = CompletableFuture
			.supplyAsync(() -> pool.page(slow, DocumentType.PDF, 1, LIMITS, DEADLINE));
		await().atMost(Duration.ofSeconds(30)).until(() -> pool.busy() == 1);
		before.forEach((pid) -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
		assertThat(page.join()).isEqualTo(new SandboxPage.Failed(ErrorCode.PAGE_TOO_COMPLEX,
				"The page needs more memory or time to read than a worker allows."));
		assertReplaced(before, "crashed");
	}

	@Test
	void aProcessOutOfHeapFailsThePageAfterItsRetriesAndIsReplaced() throws IOException {
		Sandboxes pool = pool(1, "64MB");
		Path bomb = file("predictor.pdf", HostileDocuments.predictorBomb(HostileDocuments.GIB));
		List<Long> before = pool.pids();
		SandboxPage page = pool.page(bomb, DocumentType.PDF, 1, LIMITS, DEADLINE);
		assertThat(page).isInstanceOfSatisfying(SandboxPage.Failed.class,
				(failed) -> assertThat(failed.code()).isEqualTo(ErrorCode.PAGE_TOO_COMPLEX));
		assertThat(this.meters.counter("ocr.sandbox.processes.killed", "reason", "out-of-memory").count())
			.isEqualTo(2);
		assertReplaced(before, "out-of-memory");
	}

	@Test
	void aProcessPastItsDeadlineIsKilledAndThePageTimesOut() throws IOException {
		Sandboxes pool = pool(1, "256MB");
		Path slow = file("slow.pdf", HostileDocuments.slowVectorPage(1_000_000));
		List<Long> before = pool.pids();
		SandboxPage page = pool.page(slow, DocumentType.PDF, 1, LIMITS, Duration.ofMillis(500));
		assertThat(page).isInstanceOfSatisfying(SandboxPage.Failed.class,
				(failed) -> assertThat(failed.code()).isEqualTo(ErrorCode.RENDER_TIMEOUT));
		assertReplaced(before, "deadline");
	}

	@Test
	void aFreshProcessDoesNotSpendThePagesDeadlineOnStartingAndWarmingUp() throws IOException {
		SandboxProperties properties = new SandboxProperties(1, DataSize.ofMegabytes(256), Duration.ofSeconds(60), 0,
				SandboxProperties.Isolation.AUTO, DataSize.ofMegabytes(64), true);
		this.pool = new Sandboxes(properties, 1, this.meters);
		Path scan = file("scan.png", SampleDocuments.png("FRESH"));
		// the JVM start and the warm-up render take longer than this on any machine; the page does not
		assertThat(this.pool.page(scan, DocumentType.PNG, 1, LIMITS, Duration.ofSeconds(2)))
			.isInstanceOf(SandboxPage.Raster.class);
	}

	@Test
	void planningThatDiesOrMissesItsDeadlineFailsTheDocument() throws IOException {
		SandboxProperties properties = new SandboxProperties(1, DataSize.ofMegabytes(64), Duration.ofMillis(300), 0,
				SandboxProperties.Isolation.OFF, DataSize.ofMegabytes(64), false);
		this.pool = new Sandboxes(properties, 1, this.meters);
		Path many = file("many.pdf", HostileDocuments.manyPages(100_000));
		assertThatExceptionOfType(DocumentUnavailable.class).isThrownBy(() -> this.pool.plan(many, DocumentType.PDF, 200_000))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.DOCUMENT_TOO_COMPLEX));
	}

	private void assertReplaced(List<Long> before, String reason) throws IOException {
		assertThat(this.meters.counter("ocr.sandbox.processes.killed", "reason", reason).count()).isPositive();
		assertThat(this.pool.live()).isEqualTo(1);
		assertThat(this.pool.pids()).hasSize(1).doesNotContainAnyElementsOf(before);
		Path good = file("good.pdf", SampleDocuments.textPdf("A good page after the bad one, read by a fresh process"));
		assertThat(this.pool.page(good, DocumentType.PDF, 1, LIMITS, DEADLINE))
			.isEqualTo(new SandboxPage.Text("A good page after the bad one, read by a fresh process"));
	}

}
