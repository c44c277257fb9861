package dev.ocrpipe.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The few calls of the ocrpipe API a benchmark makes, as a client program would make them:
 * multipart uploads of several files and job reads, with a personal API token.
 */
final class ApiClient {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final URI base;

	private final String token;

	ApiClient(URI base, String token) {
		this.base = base;
		this.token = token;
	}

	/** One file of an upload. */
	record Part(String filename, byte[] content) {
	}

	/**
	 * Uploads the files in one multipart request (one job each).
	 * @return the ids of the jobs created, in the order of the files
	 */
	List<String> upload(List<Part> parts) {
		String boundary = "ocrpipe-" + UUID.randomUUID();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (Part part : parts) {
			write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
					+ part.filename() + "\"\r\nContent-Type: application/pdf\r\n\r\n");
			body.writeBytes(part.content());
			write(body, "\r\n");
		}
		write(body, "--" + boundary + "--\r\n");
		HttpResponse<String> response = send(HttpRequest.newBuilder(this.base.resolve("/api/v1/jobs"))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
		if (response.statusCode() != 202) {
			throw new IllegalStateException("upload answered " + response.statusCode() + ": " + response.body());
		}
		JsonNode answer = json.readTree(response.body());
		List<String> ids = new ArrayList<>();
		if (answer.has("jobs")) {
			answer.path("jobs").forEach((job) -> ids.add(job.path("id").asString()));
		}
		else {
			ids.add(answer.path("id").asString());
		}
		return ids;
	}

	JsonNode job(String id) {
		HttpResponse<String> response = send(HttpRequest.newBuilder(this.base.resolve("/api/v1/jobs/" + id)).GET());
		return json.readTree(response.body());
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.timeout(Duration.ofSeconds(60))
				.header("Authorization", "Bearer " + this.token)
				.build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
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

}
