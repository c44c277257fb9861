package dev.ocrpipe.api.live;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;

import com.mongodb.client.model.Filters;

import dev.ocrpipe.api.IntegrationTestBase;
import dev.ocrpipe.api.auth.ApiTokens;
import dev.ocrpipe.api.auth.Identity;
import dev.ocrpipe.migrations.V003AuthCollections;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What one caller may hold open: at most {@code max-streams-per-user} event streams (then 429
 * {@code TOO_MANY_STREAMS}), and only while their token or session is valid — a stream ends soon
 * after a revocation or logout instead of running on for up to half an hour.
 */
class StreamLimitsIT extends IntegrationTestBase {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@Autowired
	LiveProperties properties;

	@Autowired
	LiveStreams streams;

	private final List<SseClient> clients = new ArrayList<>();

	@AfterEach
	void close() {
		this.clients.forEach(SseClient::close);
	}

	@Test
	void oneCallerHoldsAtMostTheLimitOfStreams() {
		String token = freshToken("stream-hoarder-" + UUID.randomUUID()).token();
		Map<String, String> auth = Map.of("Authorization", "Bearer " + token);
		int limit = this.properties.maxStreamsPerUser();
		for (int i = 0; i < limit; i++) {
			open("/api/v1/events", auth);
		}
		await().atMost(WAIT).until(() -> this.clients.stream().allMatch((c) -> c.status() == 200));

		ResponseEntity<String> refused = client(token).get()
			.uri("/api/v1/events")
			.header("Accept", "text/event-stream")
			.retrieve()
			.toEntity(String.class);
		assertThat(refused.getStatusCode().value()).isEqualTo(429);
		assertThat(refused.getHeaders().getContentType().toString()).startsWith("application/problem+json");
		JsonNode problem = body(refused);
		assertThat(problem.get("code").asString()).isEqualTo("TOO_MANY_STREAMS");
		assertThat(problem.get("limit").asInt()).isEqualTo(limit);

		// someone else is not affected, and a closed stream frees its place
		SseClient other = open("/api/v1/events", authorization());
		await().atMost(WAIT).until(() -> other.status() == 200);
		this.clients.get(0).close();
		await().atMost(WAIT).until(() -> {
			SseClient again = open("/api/v1/events", auth);
			await().atMost(WAIT).until(() -> again.status() != -1);
			return again.status() == 200;
		});
	}

	@Test
	void aStreamEndsWhenItsTokenIsRevoked() {
		ApiTokens.CreatedToken token = freshToken("revoked-" + UUID.randomUUID());
		SseClient stream = open("/api/v1/events", Map.of("Authorization", "Bearer " + token.token()));
		await().atMost(WAIT).until(() -> stream.status() == 200);

		this.mongo.getCollection(V003AuthCollections.API_TOKENS).deleteOne(Filters.eq("_id", token.id()));

		await().atMost(WAIT).until(() -> stream.closed);
	}

	@Test
	void aStreamEndsWhenItsSessionEnds() {
		String subject = "signed-out-" + UUID.randomUUID();
		String cookie = sessionCookie(subject);
		SseClient stream = open("/api/v1/events", Map.of("Cookie", cookie));
		SseClient kept = open("/api/v1/events", authorization());
		await().atMost(WAIT).until(() -> stream.status() == 200 && kept.status() == 200);

		// what a logout (or the expiry sweep) does to the session
		this.mongo.getCollection(V003AuthCollections.SESSIONS).deleteMany(Filters.eq("subject", subject));

		await().atMost(WAIT).until(() -> stream.closed);
		assertThat(kept.closed).as("a valid caller's stream stays").isFalse();
	}

	@Test
	void headOnAStreamRouteOpensNoStream() throws Exception {
		String subject = "header-" + UUID.randomUUID();
		String token = freshToken(subject).token();
		String job = insertJob(subject, "RUNNING", 1, 0, 0, 0, Map.of());
		String theirs = insertJob(OWNER, "RUNNING", 1, 0, 0, 0, Map.of());
		for (int i = 0; i <= this.properties.maxStreamsPerUser(); i++) {
			for (String path : List.of("/api/v1/events", "/api/v1/jobs/" + job + "/events")) {
				HttpResponse<Void> head = head(path, token);
				assertThat(head.statusCode()).as(path).isEqualTo(200);
				assertThat(head.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
				assertThat(this.streams.openBy(subject)).as(path).isZero();
			}
		}
		assertThat(head("/api/v1/jobs/" + theirs + "/events", token).statusCode()).isEqualTo(404);
	}

	private HttpResponse<Void> head(String path, String token) throws Exception {
		return SseClient.HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method("HEAD", HttpRequest.BodyPublishers.noBody())
			.header("Accept", "text/event-stream")
			.header("Authorization", "Bearer " + token)
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.discarding());
	}

	private SseClient open(String path, Map<String, String> headers) {
		SseClient client = SseClient.open(this.port, path, new HashMap<>(headers));
		this.clients.add(client);
		return client;
	}

	private ApiTokens.CreatedToken freshToken(String subject) {
		return this.tokens.create(new Identity(subject, subject, null, Set.of("USER")),
				new ApiTokens.TokenRequest("it", List.of("jobs:read"), 1), "127.0.0.1", "it");
	}

}
