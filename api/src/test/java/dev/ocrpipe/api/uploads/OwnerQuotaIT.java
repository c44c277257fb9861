package dev.ocrpipe.api.uploads;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import dev.ocrpipe.api.IntegrationTestBase;
import dev.ocrpipe.common.store.Collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Per-owner quotas: an owner whose backlog is full, or who has the most uploads in progress, gets
 * 429 with a stable code and Retry-After, while another owner's uploads go through.
 */
class OwnerQuotaIT extends IntegrationTestBase {

	/** {@code ocr.api.quotas.max-backlog-pages}, the default. */
	private static final int MAX_OWNER_BACKLOG = 10_000;

	/** {@code ocr.api.quotas.max-concurrent-uploads}, the default. */
	private static final int MAX_UPLOADS = 4;

	@Autowired
	MeterRegistry meters;

	@Test
	void anOwnerWithAFullBacklogIsRefusedWhileAnotherOwnerIsNot() {
		String flooder = "flooder-" + System.nanoTime();
		var pages = this.mongo.getCollection(Collections.PAGES);
		String running = insertJob(flooder, "RUNNING", MAX_OWNER_BACKLOG + 10, 0, 0, 0, Map.of());
		String cancelled = insertJob(flooder, "CANCELLED", 10, 0, 0, 0, Map.of());
		// running pages: the owner's backlog, not the global one (which counts queued pages); the
		// queued pages a cancel left behind do not count
		List<Document> backlog = new ArrayList<>();
		for (int i = 1; i <= MAX_OWNER_BACKLOG + 10; i++) {
			boolean done = i <= 10;
			backlog.add(new Document("_id", running + ":" + i).append("jobId", running).append("owner", flooder)
				.append("page", i)
				.append("status", done ? "DONE" : "RUNNING"));
		}
		for (int i = 1; i <= 10; i++) {
			backlog.add(new Document("_id", cancelled + ":" + i).append("jobId", cancelled).append("owner", flooder)
				.append("page", i)
				.append("status", "QUEUED"));
		}
		pages.insertMany(backlog);
		long jobsBefore = this.mongo.getCollection(Collections.JOBS).countDocuments();
		try {
			this.http = clientFor(flooder);
			ResponseEntity<String> refused = upload(part("more.pdf", pdf(1), MediaType.APPLICATION_PDF));

			assertThat(refused.getStatusCode().value()).isEqualTo(429);
			assertThat(refused.getHeaders().getContentType().toString()).startsWith("application/problem+json");
			assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("60");
			assertThat(body(refused).path("code").asString()).isEqualTo("OWNER_BACKLOG_FULL");
			assertThat(body(refused).path("backlog").asLong()).isEqualTo(MAX_OWNER_BACKLOG);
			assertThat(this.mongo.getCollection(Collections.JOBS).countDocuments()).as("nothing stored")
				.isEqualTo(jobsBefore);
			assertThat(refusals("OWNER_BACKLOG_FULL")).isPositive();

			this.http = clientFor("patient-" + System.nanoTime());
			assertThat(upload(part("one.pdf", pdf(1), MediaType.APPLICATION_PDF)).getStatusCode().value())
				.isEqualTo(202);
		}
		finally {
			pages.deleteMany(new Document("jobId", new Document("$in", List.of(running, cancelled))));
		}
		this.http = clientFor(flooder);
		assertThat(upload(part("later.pdf", pdf(1), MediaType.APPLICATION_PDF)).getStatusCode().value())
			.isEqualTo(202);
	}

	@Test
	void anOwnerWithTheMostUploadsInProgressIsRefusedUntilOneEnds() throws Exception {
		String uploader = "uploader-" + System.nanoTime();
		CountDownLatch finish = new CountDownLatch(1);
		List<CompletableFuture<HttpResponse<String>>> slow;
		try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
			slow = IntStream.range(0, MAX_UPLOADS)
				.mapToObj((i) -> client.sendAsync(slowUpload(uploader, finish), HttpResponse.BodyHandlers.ofString()))
				.toList();
			try {
				await().atMost(Duration.ofSeconds(30)).until(() -> uploadsInProgress() >= MAX_UPLOADS);

				this.http = clientFor(uploader);
				ResponseEntity<String> refused = upload(part("fifth.pdf", pdf(1), MediaType.APPLICATION_PDF));
				assertThat(refused.getStatusCode().value()).isEqualTo(429);
				assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("5");
				assertThat(body(refused).path("code").asString()).isEqualTo("TOO_MANY_UPLOADS");
				assertThat(refusals("TOO_MANY_UPLOADS")).isPositive();

				this.http = clientFor("other-" + System.nanoTime());
				assertThat(upload(part("other.pdf", pdf(1), MediaType.APPLICATION_PDF)).getStatusCode().value())
					.isEqualTo(202);
			}
			finally {
				finish.countDown();
			}
			// the slow uploads end (refused as they are no document); their places are free again
			for (CompletableFuture<HttpResponse<String>> upload : slow) {
				upload.get();
			}
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> uploadsInProgress() == 0);
		this.http = clientFor(uploader);
		assertThat(upload(part("now.pdf", pdf(1), MediaType.APPLICATION_PDF)).getStatusCode().value())
			.isEqualTo(202);
	}

	private double uploadsInProgress() {
		return this.meters.get("ocr.uploads.in_progress").gauge().value();
	}

	private double refusals(String code) {
		return this.meters.get("ocr.quotas.refused").tag("code", code).counter().count();
	}

	/** A multipart upload whose body keeps coming (fast enough for the slow-body guard) until told. */
	private HttpRequest slowUpload(String subject, CountDownLatch finish) {
		String boundary = "quota-boundary";
		byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"slow.bin\"\r\n"
				+ "Content-Type: application/octet-stream\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/jobs"))
			.header("Authorization", "Bearer " + tokenFor(subject))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SlowBody(head, tail, finish)))
			.build();
	}

	/** The head, then 200 bytes every 50 ms until {@code finish}, then the tail. */
	private static final class SlowBody extends InputStream {

		private final byte[] head;

		private final byte[] tail;

		private final CountDownLatch finish;

		private int headSent;

		private int tailSent;

		SlowBody(byte[] head, byte[] tail, CountDownLatch finish) {
			this.head = head;
			this.tail = tail;
			this.finish = finish;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xff);
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (this.headSent < this.head.length) {
				int n = Math.min(length, this.head.length - this.headSent);
				System.arraycopy(this.head, this.headSent, buffer, offset, n);
				this.headSent += n;
				return n;
			}
			try {
				if (!this.finish.await(50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
					int n = Math.min(length, 200);
					java.util.Arrays.fill(buffer, offset, offset + n, (byte) 'x');
					return n;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException(ex);
			}
			if (this.tailSent >= this.tail.length) {
				return -1;
			}
			int n = Math.min(length, this.tail.length - this.tailSent);
			System.arraycopy(this.tail, this.tailSent, buffer, offset, n);
			this.tailSent += n;
			return n;
		}

	}

}
