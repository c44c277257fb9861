package dev.ocrpipe.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.ocrpipe.emulator.Call;
import dev.ocrpipe.emulator.Reply;
import dev.ocrpipe.emulator.Responder;
import dev.ocrpipe.emulator.Responders;
import dev.ocrpipe.tesseract.Tessdata;
import dev.ocrpipe.tesseract.TesseractReader;
import dev.ocrpipe.testkit.SampleDocuments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The web app in a real browser against the real stack: Debian's chromium, driven by
 * playwright-core from {@code frontend/e2e/run.mjs}, signs in with a one-time link, uploads, watches
 * pages arrive, reads text beside the pdf.js page image, cancels, retries a failed page, deletes,
 * manages tokens, opens the admin views, checks 360 px and dark mode, runs axe-core on every view
 * and collects console errors. Workers use the Gemini engine on the emulator, which reads each page
 * with Tesseract and answers slowly for pages saying SLOW and once with a rejection for FLAKY.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpaBrowserIT {

	private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

	private static final Path FRONTEND = Path.of("..", "frontend").toAbsolutePath().normalize();

	private LocalStack stack;

	private TesseractReader reader;

	@BeforeAll
	void startStack() {
		requireBrowser();
		this.stack = new LocalStack("SpaBrowserIT", Map.of());
		this.reader = new TesseractReader(Tessdata.bundled(), "eng", 2);
		this.stack.gemini.respondWith(scripted(Responders.tesseract(this.reader)));
		Map<String, String> worker = new LinkedHashMap<>();
		worker.put("OCR_WORKER_GEMINI_TIMEOUT", "60s");
		worker.put("OCR_WORKER_PAGES_CONCURRENCY", "4");
		worker.put("OCR_WORKER_SANDBOX_PROCESSES", "1");
		this.stack.startWorker("worker-1", worker, "768m");
	}

	@AfterAll
	void stopStack() {
		if (this.stack != null) {
			this.stack.close();
		}
		if (this.reader != null) {
			this.reader.close();
		}
	}

	@Test
	void theAppWorksEndToEndInChromium() throws Exception {
		Path files = Files.createDirectories(Path.of("target", "spa-browser", "files"));
		Path out = Files.createDirectories(Path.of("target", "spa-browser", "screenshots"));
		Files.write(files.resolve("scan.pdf"),
				SampleDocuments.scannedPdf("FIRST PAGE ALPHA", "SECOND PAGE BRAVO", "THIRD PAGE CHARLIE"));
		Files.write(files.resolve("note.png"), SampleDocuments.png("A NOTE ON PAPER"));
		Files.write(files.resolve("slow.pdf"), SampleDocuments.scannedPdf("SLOW PAGE ONE", "SLOW PAGE TWO"));
		Files.write(files.resolve("flaky.png"), SampleDocuments.png("FLAKY PAGE"));

		ProcessBuilder node = new ProcessBuilder("node", "e2e/run.mjs").directory(FRONTEND.toFile())
			.redirectErrorStream(true);
		node.environment().put("OCRPIPE_BASE", this.stack.api.base().toString());
		node.environment().put("OCRPIPE_LINK", this.stack.signInLink(false).toString());
		node.environment().put("OCRPIPE_ADMIN_LINK", this.stack.signInLink(true).toString());
		node.environment().put("OCRPIPE_FILES", files.toAbsolutePath().toString());
		node.environment().put("OCRPIPE_OUT", out.toAbsolutePath().toString());
		node.environment().put("OCRPIPE_SCREENSHOT", out.resolve("spa-job.png").toAbsolutePath().toString());
		node.environment().put("CHROMIUM", CHROMIUM.toString());
		Process process = node.start();
		List<String> lines = new ArrayList<>();
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = output.readLine()) != null) {
				System.out.println("[browser] " + line);
				lines.add(line);
			}
		}
		if (!process.waitFor(5, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			fail("The browser test did not finish in 5 minutes:\n" + String.join("\n", lines));
		}
		String transcript = String.join("\n", lines);
		assertThat(lines).as(transcript).noneMatch((line) -> line.startsWith("FAIL"));
		assertThat(process.exitValue()).as(transcript).isZero();
		assertThat(lines).as(transcript).contains("ALL PASSED");
	}

	/**
	 * Tesseract's reading of each page, except: a page saying SLOW answers after 20 seconds (a job
	 * to cancel while it runs) and a page saying FLAKY is rejected the first time (a failed page to
	 * retry), then read normally.
	 */
	private static Responder scripted(Responder reading) {
		Set<String> rejectedOnce = ConcurrentHashMap.newKeySet();
		return (Call call) -> {
			Reply reply = reading.reply(call);
			String text = (reply instanceof Reply.Text answer) ? answer.text() : "";
			if (text.contains("SLOW")) {
				return reply.withDelay(Duration.ofSeconds(20));
			}
			if (text.contains("FLAKY") && rejectedOnce.add(call.imageSha256())) {
				return Reply.error(400, "Request contains an invalid argument.");
			}
			return reply;
		};
	}

	/** CI must run this test: there a missing browser fails it; on a developer machine it is skipped. */
	private static void requireBrowser() {
		String missing = null;
		if (!Files.isExecutable(CHROMIUM)) {
			missing = CHROMIUM + " is missing: install Debian's chromium (apt-get install chromium; .ci/run does)";
		}
		else if (!Files.isDirectory(FRONTEND.resolve("node_modules/playwright-core"))) {
			missing = "frontend/node_modules has no playwright-core: build the frontend module first (npm ci)";
		}
		if (missing == null) {
			return;
		}
		if (System.getenv("CI") != null) {
			throw new IllegalStateException("SpaBrowserIT cannot run in CI: " + missing);
		}
		abort("SpaBrowserIT skipped: " + missing);
	}

}
