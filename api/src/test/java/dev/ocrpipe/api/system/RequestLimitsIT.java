package dev.ocrpipe.api.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import dev.ocrpipe.api.IntegrationTestBase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The limits every request body is held to: a size cap outside the upload endpoints, a cap on the
 * length of one JSON string (except the base64 document), and a minimum rate at which a body must
 * arrive (1 KB/s over 1 s of waiting in these tests; a stall is cut off after 2 s).
 */
class RequestLimitsIT extends IntegrationTestBase {

	private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();

	@AfterEach
	void stopTrickling() {
		this.trickler.shutdownNow();
	}

	private ResponseEntity<String> postJson(String path, String json) {
		return this.http.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.retrieve()
			.toEntity(String.class);
	}

	@Test
	void anOrdinaryJsonBodyOverItsCapIs413() {
		ResponseEntity<String> response = postJson("/api/v1/test-only/echo",
				"{\"text\":\"" + "x".repeat(70 * 1024) + "\"}");

		assertThat(response.getStatusCode().value()).isEqualTo(413);
		assertThat(body(response).path("code").asString()).isEqualTo("REQUEST_TOO_LARGE");
	}

	@Test
	void aJsonStringOverItsCapIs413AndOneUnderItIsRead() {
		ResponseEntity<String> tooLong = postJson("/api/v1/test-only/echo", "{\"text\":\"" + "x".repeat(20_000) + "\"}");
		ResponseEntity<String> fine = postJson("/api/v1/test-only/echo", "{\"text\":\"" + "x".repeat(16_000) + "\"}");

		assertThat(tooLong.getStatusCode().value()).isEqualTo(413);
		assertThat(tooLong.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
		assertThat(body(tooLong).path("code").asString()).isEqualTo("REQUEST_TOO_LARGE");
		assertThat(body(tooLong).path("requestId").asString()).isNotEmpty();
		assertThat(fine.getStatusCode().value()).isEqualTo(200);
		assertThat(body(fine).path("fields").asInt()).isEqualTo(1);
	}

	@Test
	void theBase64DocumentMayBeFarLongerThanTheJsonStringCap() {
		byte[] document = new byte[45 * 1024];
		byte[] pdf = pdf(1);
		System.arraycopy(pdf, 0, document, 0, pdf.length);
		String encoded = Base64.getEncoder().encodeToString(document);
		assertThat(encoded.length()).isGreaterThan(3 * 16_384);

		ResponseEntity<String> response = postJson("/api/v1/jobs:base64",
				"{\"filename\":\"long.pdf\",\"contentBase64\":\"" + encoded + "\"}");

		assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(202);
	}

	@Test
	void aMultipartBodyOnAPathThatTakesNoUploadGetsTheSmallCap() {
		MultiValueMap<String, Object> multipart = new LinkedMultiValueMap<>();
		HttpHeaders partHeaders = new HttpHeaders();
		partHeaders.setContentDisposition(ContentDisposition.formData().name("file").filename("a.pdf").build());
		multipart.add("file", new HttpEntity<>(new byte[100 * 1024], partHeaders));

		ResponseEntity<String> response = this.http.post()
			.uri("/api/v1/jobs/0123456789abcdef01234567/cancel")
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.body(multipart)
			.retrieve()
			.toEntity(String.class);

		assertThat(response.getStatusCode().value()).isEqualTo(413);
		assertThat(body(response).path("code").asString()).isEqualTo("REQUEST_TOO_LARGE");
	}

	/** The body is read only once the caller is authenticated: these requests carry a token. */
	private String bearer() {
		return "Authorization: Bearer " + tokenFor(OWNER);
	}

	@Test
	void aTricklingJsonBodyIsCutOffWith408() throws IOException {
		try (RawRequest request = RawRequest.open(this.port)) {
			request.head("POST /api/v1/jobs:base64 HTTP/1.1", bearer(), "Content-Type: application/json",
					"Content-Length: 100000");
			request.send("{\"filename\":\"slow.pdf\",\"contentBase64\":\"");
			trickle(request, "QUJD");

			String response = request.awaitResponse();

			assertThat(response).startsWith("HTTP/1.1 408");
			assertThat(response).contains("\"code\":\"BODY_TOO_SLOW\"").contains("X-Request-Id");
			assertThat(response).containsIgnoringCase("connection: close");
		}
	}

	@Test
	void aTricklingMultipartUploadIsCutOffWith408() throws IOException {
		try (RawRequest request = RawRequest.open(this.port)) {
			request.head("POST /api/v1/jobs HTTP/1.1", bearer(), "Content-Type: multipart/form-data; boundary=XyZ",
					"Content-Length: 60000");
			request.send("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"slow.pdf\"\r\n"
					+ "Content-Type: application/pdf\r\n\r\n%PDF-1.7\n");
			trickle(request, "0");

			String response = request.awaitResponse();

			assertThat(response).startsWith("HTTP/1.1 408");
			assertThat(response).contains("\"code\":\"BODY_TOO_SLOW\"");
		}
	}

	@Test
	void aStalledBodyIsCutOffWith408() throws IOException {
		try (RawRequest request = RawRequest.open(this.port)) {
			request.head("POST /api/v1/jobs:base64 HTTP/1.1", bearer(), "Content-Type: application/json",
					"Content-Length: 1000");
			request.send("{\"filename\":");

			String response = request.awaitResponse();

			assertThat(response).startsWith("HTTP/1.1 408");
			assertThat(response).contains("\"code\":\"BODY_TOO_SLOW\"");
		}
	}

	/** Sends a few bytes every 100 ms, far below 1 KB/s, until the server stops listening. */
	private void trickle(RawRequest request, String chunk) {
		this.trickler.scheduleAtFixedRate(() -> {
			try {
				request.send(chunk);
			}
			catch (IOException ex) {
				throw new IllegalStateException("closed by the server", ex);
			}
		}, 100, 100, TimeUnit.MILLISECONDS);
	}

	/** An HTTP/1.1 request written by hand over a socket, so its body can be sent as slowly as wanted. */
	private static final class RawRequest implements AutoCloseable {

		private final Socket socket;

		private final OutputStream out;

		private final ByteArrayOutputStream received = new ByteArrayOutputStream();

		private volatile boolean ended;

		private RawRequest(Socket socket) throws IOException {
			this.socket = socket;
			this.out = socket.getOutputStream();
			Thread.ofVirtual().start(this::read);
		}

		static RawRequest open(int port) throws IOException {
			return new RawRequest(new Socket("127.0.0.1", port));
		}

		void head(String requestLine, String... headers) throws IOException {
			StringBuilder head = new StringBuilder(requestLine).append("\r\nHost: localhost\r\n");
			for (String header : headers) {
				head.append(header).append("\r\n");
			}
			send(head.append("\r\n").toString());
		}

		synchronized void send(String text) throws IOException {
			this.out.write(text.getBytes(StandardCharsets.US_ASCII));
			this.out.flush();
		}

		private void read() {
			try (InputStream in = this.socket.getInputStream()) {
				byte[] buffer = new byte[8192];
				int n;
				while ((n = in.read(buffer)) >= 0) {
					synchronized (this.received) {
						this.received.write(buffer, 0, n);
					}
				}
			}
			catch (IOException ex) {
				// closed
			}
			finally {
				this.ended = true;
			}
		}

		/** The whole response: the server closes the connection after a 408. */
		String awaitResponse() {
			await().atMost(Duration.ofSeconds(20)).until(() -> this.ended);
			synchronized (this.received) {
				return this.received.toString(StandardCharsets.UTF_8);
			}
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
