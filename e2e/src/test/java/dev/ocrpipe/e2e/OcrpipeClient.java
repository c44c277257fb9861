package dev.ocrpipe.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client of the ocrpipe API, as a program using it would be: multipart uploads, job
 * status and results, authenticated with a personal API token.
 */
final class OcrpipeClient {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final URI base;

	private final String token;

	OcrpipeClient(URI base, String token) {
		this.base = base;
		this.token = token;
	}

	/** The API token this client sends, for other clients of the same user (e.g. an SSE reader). */
	String token() {
		return this.token;
	}

	/** One multipart file part. */
	record Part(String filename, String contentType, byte[] content) {
	}

	Response upload(Part... parts) {
		return upload(null, parts);
	}

	/** A multipart upload, with an {@code Idempotency-Key} unless it is null. */
	Response upload(String idempotencyKey, Part... parts) {
		String boundary = "ocrpipe-" + UUID.randomUUID();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (Part part : parts) {
			write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
					+ part.filename() + "\"\r\nContent-Type: " + part.contentType() + "\r\n\r\n");
			body.writeBytes(part.content());
			write(body, "\r\n");
		}
		write(body, "--" + boundary + "--\r\n");
		HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve("/api/v1/jobs"))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		return send(request);
	}

	/** A base64 JSON upload of one file. */
	Response uploadBase64(String filename, byte[] content) {
		String body = json.writeValueAsString(java.util.Map.of("filename", filename, "contentBase64",
				java.util.Base64.getEncoder().encodeToString(content)));
		return send(HttpRequest.newBuilder(this.base.resolve("/api/v1/jobs:base64"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	Response post(String path) {
		return send(HttpRequest.newBuilder(this.base.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()));
	}

	Response delete(String path) {
		return send(HttpRequest.newBuilder(this.base.resolve(path)).DELETE());
	}

	Response get(String path) {
		return send(HttpRequest.newBuilder(this.base.resolve(path)).GET());
	}

	JsonNode job(String id) {
		return get("/api/v1/jobs/" + id).json();
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(30))
				.header("Authorization", "Bearer " + this.token)
				.build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.body(), response.headers().firstValue("Retry-After").orElse(null));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void write(ByteArrayOutputStream out, String text) {
		out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
	}

	/** An HTTP answer. */
	record Response(int status, String contentType, String body, String retryAfter) {

		JsonNode json() {
			return OcrpipeClient.json.readTree(this.body);
		}

	}

}
