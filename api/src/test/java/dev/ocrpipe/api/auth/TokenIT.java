package dev.ocrpipe.api.auth;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import dev.ocrpipe.api.IntegrationTestBase;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Personal API tokens through the real API: created by a session (shown once, stored as an HMAC),
 * listed without secrets, scoped, revoked, expired, and unable to mint more tokens.
 */
class TokenIT extends IntegrationTestBase {

	@Autowired
	AbstractApplicationContext context;

	private Browser browser;

	@BeforeEach
	void login() {
		this.browser = new Browser(this.port);
		assertThat(this.browser.testLogin(TEST_SECRET, "{\"subject\":\"tina\"}").statusCode()).isEqualTo(200);
	}

	@Test
	void aSessionCreatesATokenThatIsShownOnceAndStoredAsAnHmac() {
		HttpResponse<String> created = this.browser.write("POST", "/api/v1/tokens",
				"{\"name\":\"ci\",\"scopes\":[\"jobs:read\",\"jobs:write\"],\"expiresInDays\":30}");

		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode token = this.json.readTree(created.body());
		String secret = token.path("token").asString();
		assertThat(secret).startsWith("ocp_").hasSize(4 + 43);
		assertThat(token.path("name").asString()).isEqualTo("ci");
		assertThat(token.path("scopes").toString()).isEqualTo("[\"jobs:read\",\"jobs:write\"]");
		assertThat(Instant.parse(token.path("expiresAt").asString()))
			.isEqualTo(Instant.parse(token.path("createdAt").asString()).plusSeconds(30L * 86400));
		Document stored = this.mongo.getCollection(ApiTokenStore.COLLECTION)
			.find(new Document("_id", token.path("id").asString()))
			.first();
		assertThat(stored.getString("owner")).isEqualTo("tina");
		assertThat(stored.toJson()).doesNotContain(secret).doesNotContain(secret.substring(4));
		assertThat(stored.getString("hash")).isEqualTo(Secrets.hmac("insecure-development-token-secret-change-me", secret));

		HttpResponse<String> listed = this.browser.get("/api/v1/tokens");
		assertThat(listed.statusCode()).isEqualTo(200);
		assertThat(listed.body()).contains(token.path("id").asString()).doesNotContain(secret).doesNotContain("hash");

		ResponseEntity<String> me = client(secret).get().uri("/api/v1/me").retrieve().toEntity(String.class);
		assertThat(me.getStatusCode().value()).isEqualTo(200);
		assertThat(body(me).path("subject").asString()).isEqualTo("tina");
		assertThat(body(me).path("method").asString()).isEqualTo("token");
		assertThat(body(me).path("tokenId").asString()).isEqualTo(token.path("id").asString());
	}

	@Test
	void aReadOnlyTokenCanReadButNotWrite() {
		RestClient readOnly = client(tokenFor("rita", "jobs:read"));
		String id = insertJob("rita", "QUEUED", 0, 0, 0, 0, Map.of());

		assertThat(readOnly.get().uri("/api/v1/jobs/" + id).retrieve().toEntity(String.class).getStatusCode().value())
			.isEqualTo(200);
		ResponseEntity<String> upload = readOnly.post()
			.uri("/api/v1/jobs:base64")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"filename\":\"a.pdf\",\"contentBase64\":\"JVBERi0=\"}")
			.retrieve()
			.toEntity(String.class);
		ResponseEntity<String> cancel = readOnly.post().uri("/api/v1/jobs/" + id + "/cancel").retrieve()
			.toEntity(String.class);
		ResponseEntity<String> delete = readOnly.delete().uri("/api/v1/jobs/" + id).retrieve().toEntity(String.class);

		for (ResponseEntity<String> refused : List.of(upload, cancel, delete)) {
			assertProblem(refused, 403, "TOKEN_SCOPE");
			assertThat(body(refused).path("requiredScope").asString()).isEqualTo("jobs:write");
		}
		assertThat(job(id).getString("status")).isEqualTo("QUEUED");

		RestClient writeOnly = client(tokenFor("rita", "jobs:write"));
		ResponseEntity<String> read = writeOnly.get().uri("/api/v1/jobs/" + id).retrieve().toEntity(String.class);
		assertProblem(read, 403, "TOKEN_SCOPE");
		assertThat(body(read).path("requiredScope").asString()).isEqualTo("jobs:read");
	}

	@Test
	void aTokenCannotMintOrListTokensNorLogOut() {
		RestClient token = clientFor("tina");

		ResponseEntity<String> mint = token.post()
			.uri("/api/v1/tokens")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"name\":\"more\",\"scopes\":[\"jobs:read\"]}")
			.retrieve()
			.toEntity(String.class);

		assertProblem(mint, 403, "TOKEN_SCOPE");
		assertProblem(token.get().uri("/api/v1/tokens").retrieve().toEntity(String.class), 403, "TOKEN_SCOPE");
		assertProblem(token.post().uri("/api/v1/auth/logout").retrieve().toEntity(String.class), 403, "TOKEN_SCOPE");
	}

	@Test
	void creatingATokenNeedsTheCsrfToken() {
		HttpResponse<String> refused = this.browser.send("POST", "/api/v1/tokens",
				"{\"name\":\"ci\",\"scopes\":[\"jobs:read\"]}", "application/json", Map.of());

		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(this.json.readTree(refused.body()).path("code").asString()).isEqualTo("CSRF_INVALID");
	}

	@Test
	void aRevokedTokenIsRefusedAndOnlyItsOwnerCanRevokeIt() {
		AuthEvents events = AuthEvents.record(this.context);
		JsonNode token = create("{\"name\":\"short\",\"scopes\":[\"jobs:read\"]}");
		String secret = token.path("token").asString();
		String id = token.path("id").asString();
		Browser mallory = new Browser(this.port);
		mallory.testLogin(TEST_SECRET, "{\"subject\":\"mallory\"}");

		HttpResponse<String> foreign = mallory.write("DELETE", "/api/v1/tokens/" + id, null);
		assertThat(foreign.statusCode()).isEqualTo(404);
		assertThat(this.json.readTree(foreign.body()).path("code").asString()).isEqualTo("TOKEN_NOT_FOUND");
		assertThat(client(secret).get().uri("/api/v1/me").retrieve().toEntity(String.class).getStatusCode().value())
			.isEqualTo(200);

		assertThat(this.browser.write("DELETE", "/api/v1/tokens/" + id, null).statusCode()).isEqualTo(204);
		assertProblem(client(secret).get().uri("/api/v1/me").retrieve().toEntity(String.class), 401, "UNAUTHENTICATED");
		assertThat(this.browser.get("/api/v1/tokens").body()).doesNotContain(id);
		assertThat(this.browser.write("DELETE", "/api/v1/tokens/" + id, null).statusCode()).isEqualTo(404);
		events.close();
		List<AuthEvent> tokenEvents = events.events.stream()
			.filter((event) -> !(event instanceof AuthEvent.LoggedIn))
			.toList();
		assertThat(tokenEvents).hasSize(2);
		assertThat(tokenEvents.get(0)).isInstanceOfSatisfying(AuthEvent.TokenCreated.class, (created) -> {
			assertThat(created.subject()).isEqualTo("tina");
			assertThat(created.tokenId()).isEqualTo(id);
			assertThat(created.details()).containsEntry("name", "short").doesNotContainValue(secret);
		});
		assertThat(tokenEvents.get(1)).isInstanceOfSatisfying(AuthEvent.TokenRevoked.class,
				(revoked) -> assertThat(revoked.details()).containsEntry("tokenId", id));
	}

	@Test
	void anExpiredTokenIsRefusedEvenBeforeTheTtlMonitorRemovesIt() {
		JsonNode token = create("{\"name\":\"old\",\"scopes\":[\"jobs:read\"],\"expiresInDays\":1}");
		this.mongo.getCollection(ApiTokenStore.COLLECTION)
			.updateOne(new Document("_id", token.path("id").asString()),
					new Document("$set", new Document("expiresAt", Date.from(Instant.now().minusSeconds(1)))));

		ResponseEntity<String> refused = client(token.path("token").asString()).get()
			.uri("/api/v1/jobs")
			.retrieve()
			.toEntity(String.class);

		assertProblem(refused, 401, "UNAUTHENTICATED");
		assertThat(body(refused).path("detail").asString()).contains("unknown, expired or revoked");
	}

	@Test
	void badRequestsAndTheLimitAreProblems() {
		HttpResponse<String> unknownScope = this.browser.write("POST", "/api/v1/tokens",
				"{\"name\":\"x\",\"scopes\":[\"admin:all\"]}");
		HttpResponse<String> tooLong = this.browser.write("POST", "/api/v1/tokens",
				"{\"name\":\"x\",\"scopes\":[\"jobs:read\"],\"expiresInDays\":366}");
		HttpResponse<String> noName = this.browser.write("POST", "/api/v1/tokens", "{\"scopes\":[\"jobs:read\"]}");

		for (HttpResponse<String> response : List.of(unknownScope, tooLong, noName)) {
			assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
			assertThat(this.json.readTree(response.body()).path("code").asString()).isEqualTo("VALIDATION_FAILED");
		}

		Browser hoarder = new Browser(this.port);
		hoarder.testLogin(TEST_SECRET, "{\"subject\":\"hoarder\"}");
		Identity owner = new Identity("hoarder", "hoarder", null, java.util.Set.of("USER"));
		for (int i = 0; i < 50; i++) {
			this.tokens.create(owner, new ApiTokens.TokenRequest("t" + i, List.of("jobs:read"), 1), "127.0.0.1", "it");
		}
		HttpResponse<String> full = hoarder.write("POST", "/api/v1/tokens", "{\"name\":\"x\",\"scopes\":[\"jobs:read\"]}");
		assertThat(full.statusCode()).isEqualTo(409);
		assertThat(this.json.readTree(full.body()).path("code").asString()).isEqualTo("TOKEN_LIMIT_REACHED");
	}

	private JsonNode create(String json) {
		HttpResponse<String> created = this.browser.write("POST", "/api/v1/tokens", json);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return this.json.readTree(created.body());
	}

	private void assertProblem(ResponseEntity<String> response, int status, String code) {
		assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
		assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
		assertThat(body(response).path("code").asString()).isEqualTo(code);
	}

}
