package dev.ocrpipe.api.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.client.RestClient;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.ocrpipe.api.IntegrationTestBase;
import dev.ocrpipe.common.store.JobFields;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenancy, for every route the application has, found in MVC's handler mappings rather than
 * listed by hand: a route whose path names a job or a batch answers another user 404 (never 403,
 * never 200) for a real job or batch of {@code OWNER} — to an admin's API token too, since admin
 * rights come only with a browser session — and every API route needs authentication. A new route
 * with a path variable fails here until it is covered or exempted with a reason. A removed admin's
 * session loses the role at its next request.
 */
class TenancyIT extends IntegrationTestBase {

	/** Routes with a path variable that is not a job or batch id, and why they are safe. */
	private static final Map<String, String> EXEMPT = Map.of("/api/v1/tokens/{id}",
			"a token id, not a job: revoking another user's token is 404 TOKEN_NOT_FOUND (TokenIT)");

	/** Routes that answer without authentication, and why. */
	private static final Map<String, String> PUBLIC = Map.of("POST /api/v1/auth/test-login",
			"the login itself, guarded by X-Test-Auth and absent outside test mode", "POST /api/v1/auth/sign-in-links",
			"issues one-time sign-in links, guarded by X-Test-Auth and absent outside test mode",
			"GET /api/v1/auth/sign-in-link",
			"redeems a one-time sign-in link (the link is the credential; SignInLinkIT), absent outside test mode");

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void everyRouteNamingAJobOrBatchHidesAnotherOwnersAs404() {
		String batch = new ObjectId().toHexString();
		String job = insertJob(OWNER, "PARTIAL", 2, 1, 0, 1, Map.of(JobFields.BATCH_ID, batch));
		RestClient bob = clientFor("bob");
		RestClient adminToken = client(tokenFor(ADMIN));
		Map<String, RestClient> strangers = Map.of("another user", bob, "an admin's API token", adminToken);
		List<String> unclassified = new ArrayList<>();
		Set<String> checked = new TreeSet<>();

		for (Route route : routes()) {
			if (!route.pattern().contains("{")) {
				continue;
			}
			String id;
			String code;
			if (route.pattern().startsWith("/api/v1/jobs/{")) {
				id = job;
				code = "JOB_NOT_FOUND";
			}
			else if (route.pattern().startsWith("/api/v1/batches/{")) {
				id = batch;
				code = "BATCH_NOT_FOUND";
			}
			else {
				if (!EXEMPT.containsKey(route.pattern())) {
					unclassified.add(route.toString());
				}
				continue;
			}
			String path = route.pattern().replaceAll("\\{[^}]+}", id);
			strangers.forEach((who, client) -> {
				ResponseEntity<String> theirs = call(client, route.method(), path);
				assertThat(theirs.getStatusCode().value()).as("%s as %s: %s", route, who, theirs.getBody())
					.isEqualTo(404);
				if (!route.method().equals("HEAD")) {
					// a HEAD answer has no body
					assertThat(body(theirs).path("code").asString()).as("%s as %s", route, who).isEqualTo(code);
				}
			});
			if (route.method().equals("GET")) {
				// the id is right: its owner does find it
				assertThat(call(this.http, "GET", path).getStatusCode().value()).as("%s as its owner", route)
					.isNotEqualTo(404);
			}
			checked.add(route.toString());
		}

		assertThat(unclassified).as("routes with a path variable that is neither a job/batch id nor exempted")
			.isEmpty();
		assertThat(checked).contains("GET /api/v1/jobs/{id}", "GET /api/v1/jobs/{id}/result",
				"GET /api/v1/jobs/{id}/pages", "GET /api/v1/jobs/{id}/original", "GET /api/v1/jobs/{id}/events", "POST /api/v1/jobs/{id}/cancel",
				"POST /api/v1/jobs/{id}/retry", "DELETE /api/v1/jobs/{id}", "GET /api/v1/batches/{id}",
				"GET /api/v1/batches/{id}/events");
		assertThat(job(job)).as("untouched by the other user's writes").isNotNull();
		assertThat(job(job).getString(JobFields.STATUS)).isEqualTo("PARTIAL");
	}

	@Test
	void anAdminsTokenListsOnlyItsOwnJobsWhileTheAdminsSessionListsEveryones() {
		String job = insertJob(OWNER, "SUCCEEDED", 1, 1, 0, 0, Map.of());

		String byToken = client(tokenFor(ADMIN)).get().uri("/api/v1/jobs?limit=100").retrieve().body(String.class);
		String bySession = adminSession().get().uri("/api/v1/jobs?limit=100").retrieve().body(String.class);
		String me = client(tokenFor(ADMIN)).get().uri("/api/v1/me").retrieve().body(String.class);

		assertThat(byToken).doesNotContain(job);
		assertThat(bySession).as("the same admin through a session").contains(job);
		assertThat(body(ResponseEntity.ok(me)).path("roles").toString()).doesNotContain("ADMIN");
	}

	@Test
	void aRemovedAdminLosesTheRoleAtTheirNextRequest() {
		// a session stored while "former-admin" was listed in ocr.api.auth.admins; it no longer is
		String cookie = "former-admin-session-" + new ObjectId().toHexString();
		Instant now = Instant.now();
		this.mongo.getCollection(SessionStore.COLLECTION)
			.insertOne(new Document("_id", Secrets.sha256(cookie)).append("subject", "former-admin")
				.append("name", "Former admin")
				.append("roles", List.of("USER", "ADMIN"))
				.append("method", "oidc")
				.append("createdAt", Date.from(now))
				.append("lastSeenAt", Date.from(now))
				.append("expiresAt", Date.from(now.plus(Duration.ofMinutes(30)))));
		String job = insertJob(OWNER, "SUCCEEDED", 1, 1, 0, 0, Map.of());
		RestClient session = anonymous().mutate()
			.defaultHeader(HttpHeaders.COOKIE, Sessions.PLAIN_COOKIE + "=" + cookie)
			.build();

		ResponseEntity<String> me = session.get().uri("/api/v1/me").retrieve().toEntity(String.class);
		ResponseEntity<String> theirJob = session.get().uri("/api/v1/jobs/" + job).retrieve().toEntity(String.class);
		ResponseEntity<String> audit = session.get().uri("/api/v1/audit?limit=1").retrieve().toEntity(String.class);

		assertThat(me.getStatusCode().value()).isEqualTo(200);
		assertThat(body(me).path("roles").toString()).doesNotContain("ADMIN");
		assertThat(theirJob.getStatusCode().value()).isEqualTo(404);
		assertThat(audit.getStatusCode().value()).isEqualTo(404);
	}

	@Test
	void everyApiRouteNeedsAuthentication() {
		List<String> open = new ArrayList<>();
		int checked = 0;
		for (Route route : routes()) {
			if (!route.pattern().startsWith("/api/") || PUBLIC.containsKey(route.toString())) {
				continue;
			}
			String path = route.pattern().replaceAll("\\{[^}]+}", new ObjectId().toHexString());
			ResponseEntity<String> response = call(anonymous(), route.method(), path);
			if (response.getStatusCode().value() != 401 || (!route.method().equals("HEAD")
					&& !"UNAUTHENTICATED".equals(body(response).path("code").asString()))) {
				open.add(route + " -> " + response.getStatusCode().value());
			}
			checked++;
		}
		assertThat(open).isEmpty();
		assertThat(checked).isGreaterThan(10);
	}

	private ResponseEntity<String> call(RestClient client, String method, String path) {
		return client.method(HttpMethod.valueOf(method))
			.uri(path)
			.header("Accept", "*/*")
			.retrieve()
			.toEntity(String.class);
	}

	private List<Route> routes() {
		List<Route> routes = new ArrayList<>();
		for (RequestMappingInfo info : this.mappings.getHandlerMethods().keySet()) {
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			for (String pattern : info.getPatternValues()) {
				if (methods.isEmpty()) {
					routes.add(new Route("GET", pattern));
				}
				methods.forEach((method) -> routes.add(new Route(method.name(), pattern)));
			}
		}
		return routes;
	}

	private record Route(String method, String pattern) {

		@Override
		public String toString() {
			return this.method + " " + this.pattern;
		}

	}

}
