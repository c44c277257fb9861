package dev.ocrpipe.api.auth;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import dev.ocrpipe.api.IntegrationTestBase;
import dev.ocrpipe.common.store.AuditFields;
import dev.ocrpipe.common.store.Collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The audit trail of authentication, through the real routes: a refused test login, a login, an
 * API token created and revoked, and a logout, each with its actor, outcome and request id.
 */
class AuthAuditIT extends IntegrationTestBase {

	@Test
	void loginsTokensAndLogoutsAreInTheTrail() {
		String subject = "audited-" + UUID.randomUUID();
		Browser browser = new Browser(this.port);

		HttpResponse<String> refused = browser.testLogin("wrong-" + TEST_SECRET, "{\"subject\":\"" + subject + "\"}");
		assertThat(refused.statusCode()).isEqualTo(401);
		HttpResponse<String> login = browser.testLogin(TEST_SECRET, "{\"subject\":\"" + subject + "\"}");
		assertThat(login.statusCode()).isEqualTo(200);
		browser.get("/api/v1/me");
		HttpResponse<String> created = browser.write("POST", "/api/v1/tokens",
				"{\"name\":\"audit\",\"scopes\":[\"jobs:read\"],\"expiresInDays\":1}");
		assertThat(created.statusCode()).isEqualTo(201);
		String tokenId = this.json.readTree(created.body()).get("id").asString();
		assertThat(browser.write("DELETE", "/api/v1/tokens/" + tokenId, null).statusCode()).isEqualTo(204);
		assertThat(browser.write("POST", "/api/v1/auth/logout", null).statusCode()).isEqualTo(204);

		List<Document> trail = await().atMost(Duration.ofSeconds(10))
			.until(() -> trail(subject), (events) -> events.size() == 4);
		assertThat(trail).extracting((event) -> event.getString(AuditFields.ACTION))
			.containsExactly("LOGIN", "TOKEN_CREATED", "TOKEN_REVOKED", "LOGOUT");
		assertThat(trail).allSatisfy((event) -> {
			assertThat(event.getString(AuditFields.OUTCOME)).isEqualTo("SUCCESS");
			assertThat(event.getString(AuditFields.IP)).isEqualTo("127.0.0.1");
			assertThat(event.getString(AuditFields.REQUEST_ID)).isNotBlank();
		});
		assertThat(trail.get(0).getString(AuditFields.REQUEST_ID))
			.isEqualTo(login.headers().firstValue("X-Request-Id").orElseThrow());
		assertThat(trail.get(1).getString(AuditFields.TARGET_ID)).isEqualTo(tokenId);
		assertThat(trail.get(2).getString(AuditFields.TARGET_ID)).isEqualTo(tokenId);

		Document failed = this.mongo.getCollection(Collections.AUDIT_EVENTS)
			.find(Filters.eq(AuditFields.REQUEST_ID, refused.headers().firstValue("X-Request-Id").orElseThrow()))
			.first();
		assertThat(failed).isNotNull();
		assertThat(failed.getString(AuditFields.ACTION)).isEqualTo("LOGIN_FAILED");
		assertThat(failed.getString(AuditFields.OUTCOME)).isEqualTo("FAILED");
		assertThat(failed.toJson()).doesNotContain("wrong-" + TEST_SECRET);
		assertThat(failed.getString(AuditFields.ACTOR)).as("a refused login proves no one").isEqualTo("anonymous");
		assertThat(failed.get(AuditFields.DETAILS, Document.class).getString("claimedSubject")).isEqualTo(subject);
	}

	@Test
	void aRefusedTestLoginCannotPutAnActorOfItsChoiceInTheTrail() {
		String claimed = "it-admin-" + "x".repeat(5000);
		HttpResponse<String> refused = new Browser(this.port).testLogin("wrong-" + TEST_SECRET,
				"{\"subject\":\"" + claimed + "\"}");
		assertThat(refused.statusCode()).isEqualTo(401);

		Document failed = this.mongo.getCollection(Collections.AUDIT_EVENTS)
			.find(Filters.eq(AuditFields.REQUEST_ID, refused.headers().firstValue("X-Request-Id").orElseThrow()))
			.first();
		assertThat(failed).isNotNull();
		assertThat(failed.getString(AuditFields.ACTOR)).isEqualTo("anonymous");
		String kept = failed.get(AuditFields.DETAILS, Document.class).getString("claimedSubject");
		assertThat(kept).hasSizeLessThanOrEqualTo(129).startsWith("it-admin-xxx");
	}

	private List<Document> trail(String subject) {
		return this.mongo.getCollection(Collections.AUDIT_EVENTS)
			.find(Filters.and(Filters.eq(AuditFields.ACTOR, subject), Filters.ne(AuditFields.ACTION, "LOGIN_FAILED")))
			.sort(Sorts.ascending(AuditFields.AT, "_id"))
			.into(new java.util.ArrayList<>());
	}

}
