package dev.ocrpipe.e2e;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A base64 JSON upload of about 200 MB reaches the API from its executable jar running with a heap
 * far smaller than the body ({@value #API_HEAP}): the document is decoded as it arrives, never held
 * as one string. Prints the API's peak heap (sampled from {@code /actuator/prometheus}) for
 * docs/benchmarks.md.
 */
class Base64UploadHeapIT {

	static final String API_HEAP = "128m";

	/** Decoded size: 150 MiB, so the base64 body is 200 MiB. */
	private static final int DOCUMENT_BYTES = 150 * 1024 * 1024;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void aTwoHundredMegabyteBodyIsDecodedAsItArrives(@TempDir Path dir) throws Exception {
		Path body = body(dir.resolve("upload.json"));
		try (LocalStack stack = new LocalStack("Base64UploadHeapIT",
				Map.of("OCR_API_UPLOADS_MAXFILESIZE", "200MB", "OCR_API_UPLOADS_MAXREQUESTSIZE", "200MB"), API_HEAP)) {
			AtomicLong peak = new AtomicLong();
			Thread watch = Thread.ofVirtual().start(() -> watchHeap(stack.api.base(), peak));
			HttpResponse<String> response;
			try {
				response = this.http.send(HttpRequest.newBuilder(stack.api.base().resolve("/api/v1/jobs:base64"))
					.header("Authorization", "Bearer " + stack.client.token())
					.header("Content-Type", "application/json")
					.timeout(Duration.ofMinutes(5))
					.POST(HttpRequest.BodyPublishers.ofFile(body))
					.build(), HttpResponse.BodyHandlers.ofString());
			}
			finally {
				watch.interrupt();
			}
			System.out.printf("Base64UploadHeapIT: %d MB body, API peak heap %.0f MB of %s%n",
					Files.size(body) / 1048576, peak.get() / 1048576.0, API_HEAP);

			assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
			JsonNode job = JsonMapper.builder().build().readTree(response.body());
			assertThat(job.path("sizeBytes").asLong()).isEqualTo(DOCUMENT_BYTES);
			assertThat(stack.api.jvm().isAlive()).isTrue();
		}
	}

	/** {@code {"filename":"big.pdf","contentBase64":"<a 150 MiB PDF-looking document>"}}, streamed to disk. */
	private static Path body(Path file) throws IOException {
		try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
			out.write("{\"filename\":\"big.pdf\",\"contentBase64\":\"".getBytes(StandardCharsets.US_ASCII));
			try (OutputStream encoder = Base64.getEncoder().wrap(new Unclosed(out))) {
				byte[] head = "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n".getBytes(StandardCharsets.ISO_8859_1);
				encoder.write(head);
				byte[] filler = new byte[1 << 16];
				java.util.Arrays.fill(filler, (byte) ' ');
				long left = DOCUMENT_BYTES - head.length;
				while (left > 0) {
					int n = (int) Math.min(filler.length, left);
					encoder.write(filler, 0, n);
					left -= n;
				}
			}
			out.write("\"}".getBytes(StandardCharsets.US_ASCII));
		}
		return file;
	}

	private void watchHeap(URI base, AtomicLong peak) {
		URI prometheus = base.resolve("/actuator/prometheus");
		while (!Thread.currentThread().isInterrupted()) {
			try {
				String text = this.http.send(HttpRequest.newBuilder(prometheus).build(),
						HttpResponse.BodyHandlers.ofString()).body();
				long heap = text.lines()
					.filter((line) -> line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\""))
					.mapToLong((line) -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
					.sum();
				peak.accumulateAndGet(heap, Math::max);
			}
			catch (IOException ex) {
				// the API may be busy or gone; the next sample tells
			}
			catch (InterruptedException ex) {
				return;
			}
			LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
		}
	}

	/** Lets the base64 encoder close (writing its padding) without closing the file under it. */
	private static final class Unclosed extends java.io.FilterOutputStream {

		Unclosed(OutputStream out) {
			super(out);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			this.out.write(bytes, offset, length);
		}

		@Override
		public void close() throws IOException {
			flush();
		}

	}

}
