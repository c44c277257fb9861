package dev.ocrpipe.api.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
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
 * never 200) for a real job or batch of {@code OWNER}, and every API route needs authentication.
 * A new route with a path variable fails here until it is covered or exempted with a reason.
 */
class TenancyIT extends IntegrationTestBase {

	/** Routes with a path variable that is not a job or batch id, and why they are safe. */
	private static final Map<String, String> EXEMPT = Map.of("/api/v1/tokens/{id}",
			"a token id, not a job: revoking another user's token is 404 TOKEN_NOT_FOUND (TokenIT)");

	/** Routes that answer without authentication, and why. */
	private static final Map<String, String> PUBLIC = Map.of("POST /api/v1/auth/test-login",
			"the login itself, guarded by X-Test-Auth and absent outside test mode");

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void everyRouteNamingAJobOrBatchHidesAnotherOwnersAs404() {
		String batch = new ObjectId().toHexString();
		String job = insertJob(OWNER, "PARTIAL", 2, 1, 0, 1, Map.of(JobFields.BATCH_ID, batch));
		RestClient bob = clientFor("bob");
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
			ResponseEntity<String> theirs = call(bob, route.method(), path);
			assertThat(theirs.getStatusCode().value()).as("%s as another user: %s", route, theirs.getBody())
				.isEqualTo(404);
			if (!route.method().equals("HEAD")) {
				// a HEAD answer has no body
				assertThat(body(theirs).path("code").asString()).as(route.toString()).isEqualTo(code);
			}
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
				"GET /api/v1/jobs/{id}/pages", "GET /api/v1/jobs/{id}/events", "POST /api/v1/jobs/{id}/cancel",
				"POST /api/v1/jobs/{id}/retry", "DELETE /api/v1/jobs/{id}", "GET /api/v1/batches/{id}",
				"GET /api/v1/batches/{id}/events");
		assertThat(job(job)).as("untouched by the other user's writes").isNotNull();
		assertThat(job(job).getString(JobFields.STATUS)).isEqualTo("PARTIAL");
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
