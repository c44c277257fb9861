package dev.ocrpipe.api.auth;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.support.AbstractApplicationContext;

import dev.ocrpipe.api.IntegrationTestBase;
import dev.ocrpipe.common.store.JobFields;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Browser sessions end to end on the shared context: the gated test login, the session cookie,
 * CSRF on cookie-authenticated writes (bearer requests need none), logout, fixation, the 401 shape,
 * admins, and the authentication events.
 */
class SessionAuthIT extends IntegrationTestBase {

	@Autowired
	AbstractApplicationContext context;

	private AuthEvents recorded;

	private List<AuthEvent> events;

	private Browser browser;

	@BeforeEach
	void listen() {
		this.browser = new Browser(this.port);
		this.recorded = AuthEvents.record(this.context);
		this.events = this.recorded.events;
	}

	@AfterEach
	void stopListening() {
		this.recorded.close();
	}

	@Test
	void theTestLoginNeedsTheSecret() {
		HttpResponse<String> none = this.browser.testLogin(null, null);
		HttpResponse<String> wrong = this.browser.testLogin("not-" + TEST_SECRET, "{\"subject\":\"mallory\"}");

		assertProblem(none, 401, "UNAUTHENTICATED");
		assertProblem(wrong, 401, "UNAUTHENTICATED");
		assertThat(this.browser.cookie(Sessions.PLAIN_COOKIE)).isEmpty();
		assertThat(this.events).filteredOn(AuthEvent.LoginFailed.class::isInstance)
			.hasSize(2)
			.allSatisfy((event) -> {
				assertThat(event.clientIp()).isEqualTo("127.0.0.1");
				assertThat(event.requestId()).isNotBlank();
			})
			.allSatisfy((event) -> assertThat(event.subject()).as("a refused login proves no one").isNull())
			.extracting((event) -> event.details().get("claimedSubject"))
			.containsExactly("local", "mallory");
	}

	@Test
	void authEventsNameTheClientBehindATrustedProxyNotTheProxy() {
		Map<String, String> forwarded = Map.of("X-Forwarded-For", "203.0.113.9");
		this.browser.send("POST", "/api/v1/auth/test-login", "{\"subject\":\"erin\"}", "application/json",
				Map.of("X-Test-Auth", "wrong", "X-Forwarded-For", "203.0.113.9"));
		HttpResponse<String> login = this.browser.send("POST", "/api/v1/auth/test-login", "{\"subject\":\"erin\"}",
				"application/json", Map.of("X-Test-Auth", TEST_SECRET, "X-Forwarded-For", "203.0.113.9"));
		assertThat(login.statusCode()).isEqualTo(200);
		Map<String, String> write = Map.of("X-Forwarded-For", "203.0.113.9", "X-XSRF-TOKEN",
				this.browser.cookie("XSRF-TOKEN").orElseThrow());
		HttpResponse<String> created = this.browser.send("POST", "/api/v1/tokens",
				"{\"name\":\"xff\",\"scopes\":[\"jobs:read\"]}", "application/json", write);
		assertThat(created.statusCode()).isEqualTo(201);
		String tokenId = this.json.readTree(created.body()).get("id").asString();
		assertThat(this.browser.send("DELETE", "/api/v1/tokens/" + tokenId, null, null, write).statusCode())
			.isEqualTo(204);
		assertThat(this.browser.send("POST", "/api/v1/auth/logout", null, null, write).statusCode()).isEqualTo(204);

		assertThat(this.events).hasSize(5)
			.allSatisfy((event) -> assertThat(event.clientIp()).isEqualTo(forwarded.get("X-Forwarded-For")));
	}

	@Test
	void theTestLoginStartsASessionWithACsrfToken() {
		HttpResponse<String> login = this.browser.testLogin(TEST_SECRET, null);

		assertThat(login.statusCode()).isEqualTo(200);
		JsonNode answer = this.json.readTree(login.body());
		assertThat(answer.path("subject").asString()).isEqualTo("local");
		assertThat(answer.path("name").asString()).isEqualTo("Local user");
		assertThat(answer.path("roles").toString()).isEqualTo("[\"USER\"]");
		assertThat(answer.path("csrfToken").asString()).isEqualTo(this.browser.cookie("XSRF-TOKEN").orElseThrow());
		String session = this.browser.setCookieLine(Sessions.PLAIN_COOKIE).orElseThrow();
		assertThat(session).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/").doesNotContain("Secure");
		assertThat(this.browser.setCookieLine("XSRF-TOKEN").orElseThrow()).doesNotContain("HttpOnly");
		assertThat(login.headers().allValues("Set-Cookie")).noneMatch((c) -> c.startsWith("JSESSIONID"));
		// only the hash of the session id is stored
		String id = this.browser.cookie(Sessions.PLAIN_COOKIE).orElseThrow();
		assertThat(id).matches("[A-Za-z0-9_-]{43}");
		var sessions = this.mongo.getCollection(SessionStore.COLLECTION);
		assertThat(sessions.countDocuments(new Document("_id", id))).isZero();
		Document stored = sessions.find(new Document("_id", Secrets.sha256(id))).first();
		assertThat(stored).isNotNull();
		assertThat(stored.getString("subject")).isEqualTo("local");
		assertThat(this.events).filteredOn(AuthEvent.LoggedIn.class::isInstance)
			.singleElement()
			.satisfies((event) -> assertThat(event.details()).containsEntry("method", "test"));

		HttpResponse<String> me = this.browser.get("/api/v1/me");
		assertThat(me.statusCode()).isEqualTo(200);
		JsonNode who = this.json.readTree(me.body());
		assertThat(who.path("subject").asString()).isEqualTo("local");
		assertThat(who.path("method").asString()).isEqualTo("session");
		assertThat(who.path("scopes").toString()).isEqualTo("[\"jobs:read\",\"jobs:write\"]");
		assertThat(this.browser.get("/api/v1/jobs").statusCode()).isEqualTo(200);
		assertThat(me.headers().allValues("Set-Cookie")).noneMatch((c) -> c.startsWith("JSESSIONID"));
	}

	@Test
	void meHandsASessionWithoutCsrfCookieANewOne() {
		this.browser.testLogin(TEST_SECRET, "{\"subject\":\"carol\"}");
		this.browser.removeCookie("XSRF-TOKEN");

		HttpResponse<String> me = this.browser.get("/api/v1/me");

		assertThat(me.statusCode()).isEqualTo(200);
		String cookie = this.browser.cookie("XSRF-TOKEN").orElseThrow();
		assertThat(this.json.readTree(me.body()).path("csrfToken").asString()).isEqualTo(cookie);
		String id = insertJob("carol", "QUEUED", 0, 0, 0, 0, Map.of());
		assertThat(this.browser.write("POST", "/api/v1/jobs/" + id + "/cancel", null).statusCode()).isEqualTo(202);
	}

	@Test
	void cookieAuthenticatedWritesNeedTheCsrfToken() {
		this.browser.testLogin(TEST_SECRET, null);
		String id = insertJob(OWNER, "QUEUED", 0, 0, 0, 0, Map.of());
		String path = "/api/v1/jobs/" + id + "/cancel";

		HttpResponse<String> missing = this.browser.send("POST", path, null, null, Map.of());
		HttpResponse<String> foreign = this.browser.send("POST", path, null, null,
				Map.of("X-XSRF-TOKEN", java.util.UUID.randomUUID().toString()));
		Browser other = new Browser(this.port);
		other.testLogin(TEST_SECRET, null);
		HttpResponse<String> othersToken = this.browser.send("POST", path, null, null,
				Map.of("X-XSRF-TOKEN", other.cookie("XSRF-TOKEN").orElseThrow()));

		assertProblem(missing, 403, "CSRF_INVALID");
		assertProblem(foreign, 403, "CSRF_INVALID");
		assertProblem(othersToken, 403, "CSRF_INVALID");
		assertThat(job(id).getString(JobFields.STATUS)).isEqualTo("QUEUED");

		HttpResponse<String> withToken = this.browser.write("POST", path, null);
		assertThat(withToken.statusCode()).isEqualTo(202);
		assertThat(job(id).getString(JobFields.STATUS)).isEqualTo("CANCELLED");
	}

	@Test
	void bearerRequestsNeedNoCsrfTokenAndIgnoreCookies() {
		String id = insertJob(OWNER, "QUEUED", 0, 0, 0, 0, Map.of());
		this.browser.testLogin(TEST_SECRET, "{\"subject\":\"dave\"}");

		// a bearer request is the token's owner, whatever session cookie comes along
		HttpResponse<String> cancel = this.browser.send("POST", "/api/v1/jobs/" + id + "/cancel", null, null,
				Map.of("Authorization", "Bearer " + tokenFor(OWNER)));
		HttpResponse<String> badToken = this.browser.send("GET", "/api/v1/me", null, null,
				Map.of("Authorization", "Bearer ocp_not-a-token"));

		assertThat(cancel.statusCode()).isEqualTo(202);
		assertProblem(badToken, 401, "UNAUTHENTICATED");
	}

	@Test
	void logoutEndsTheSessionServerSide() {
		this.browser.testLogin(TEST_SECRET, null);
		String session = this.browser.cookie(Sessions.PLAIN_COOKIE).orElseThrow();

		assertProblem(this.browser.send("POST", "/api/v1/auth/logout", null, null, Map.of()), 403, "CSRF_INVALID");
		HttpResponse<String> logout = this.browser.write("POST", "/api/v1/auth/logout", null);

		assertThat(logout.statusCode()).isEqualTo(204);
		assertThat(this.browser.setCookieLine(Sessions.PLAIN_COOKIE).orElseThrow()).contains("Max-Age=0");
		assertThat(this.browser.cookie(Sessions.PLAIN_COOKIE)).isEmpty();
		assertThat(this.events).filteredOn(AuthEvent.LoggedOut.class::isInstance).singleElement()
			.satisfies((event) -> assertThat(event.subject()).isEqualTo("local"));

		// the old cookie, replayed
		this.browser.setCookie(Sessions.PLAIN_COOKIE, session);
		HttpResponse<String> replay = this.browser.get("/api/v1/me");
		assertProblem(replay, 401, "UNAUTHENTICATED");
		assertThat(this.json.readTree(replay.body()).path("detail").asString()).contains("session has ended");
	}

	@Test
	void everyLoginGetsANewSessionIdAndEndsTheOldOne() {
		this.browser.testLogin(TEST_SECRET, null);
		String first = this.browser.cookie(Sessions.PLAIN_COOKIE).orElseThrow();
		this.browser.testLogin(TEST_SECRET, "{\"subject\":\"erin\"}");
		String second = this.browser.cookie(Sessions.PLAIN_COOKIE).orElseThrow();

		assertThat(second).isNotEqualTo(first);
		assertThat(this.json.readTree(this.browser.get("/api/v1/me").body()).path("subject").asString())
			.isEqualTo("erin");
		this.browser.setCookie(Sessions.PLAIN_COOKIE, first);
		assertProblem(this.browser.get("/api/v1/me"), 401, "UNAUTHENTICATED");
	}

	@Test
	void unauthenticatedApiRequestsGetAProblemNotARedirect() {
		HttpResponse<String> html = this.browser.send("GET", "/api/v1/jobs", null, null, Map.of("Accept", "text/html"));
		HttpResponse<String> json = this.browser.send("POST", "/api/v1/jobs:base64", "{}", "application/json",
				Map.of());

		for (HttpResponse<String> response : List.of(html, json)) {
			assertProblem(response, 401, "UNAUTHENTICATED");
			assertThat(response.headers().firstValue("Location")).isEmpty();
			assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
			assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
			assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
			assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
			assertThat(this.json.readTree(response.body()).path("requestId").asString())
				.isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
		}
	}

	@Test
	void healthAndPrometheusStayPublic() {
		assertThat(this.browser.get("/actuator/health").statusCode()).isEqualTo(200);
		assertThat(this.browser.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		assertThat(this.browser.get("/actuator/prometheus").statusCode()).isEqualTo(200);
	}

	@Test
	void anAdminSeesEveryonesJobsAndOthersStill404() {
		String bobs = insertJob("bob", "SUCCEEDED", 1, 1, 0, 0, Map.of());
		this.browser.testLogin(TEST_SECRET, "{\"subject\":\"boss\",\"admin\":true}");
		Browser plain = new Browser(this.port);
		plain.testLogin(TEST_SECRET, "{\"subject\":\"peer\"}");

		assertThat(this.json.readTree(this.browser.get("/api/v1/me").body()).path("roles").toString())
			.contains("ADMIN");
		HttpResponse<String> asAdmin = this.browser.get("/api/v1/jobs/" + bobs);
		assertThat(asAdmin.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(asAdmin.body()).path("owner").asString()).isEqualTo("bob");
		assertThat(this.browser.get("/api/v1/jobs?limit=100").body()).contains(bobs);
		assertProblem(plain.get("/api/v1/jobs/" + bobs), 404, "JOB_NOT_FOUND");
		assertThat(plain.get("/api/v1/jobs?limit=100").body()).doesNotContain(bobs);

		// the admins listed in ocr.api.auth.admins, by session; never by token (TenancyIT)
		assertThat(adminSession().get().uri("/api/v1/jobs/" + bobs).retrieve().toEntity(String.class)
			.getStatusCode().value()).isEqualTo(200);
		assertThat(clientFor(ADMIN).get().uri("/api/v1/jobs/" + bobs).retrieve().toEntity(String.class)
			.getStatusCode().value()).isEqualTo(404);
		// and acting on it keeps the job's owner in its events
		String running = insertJob("bob", "RUNNING", 2, 0, 0, 0, Map.of());
		assertThat(this.browser.write("POST", "/api/v1/jobs/" + running + "/cancel", null).statusCode())
			.isEqualTo(202);
		assertThat(job(running).getString(JobFields.OWNER)).isEqualTo("bob");
		Document event = this.mongo.getCollection("job_events").find(new Document("jobId", running)).first();
		assertThat(event.getString("owner")).isEqualTo("bob");
	}

	private void assertProblem(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(this.json.readTree(response.body()).path("code").asString()).isEqualTo(code);
	}

}
