package dev.ocrpipe.api.ratelimit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import dev.ocrpipe.api.IntegrationTestBase;
import dev.ocrpipe.api.OcrApiApplication;
import dev.ocrpipe.api.auth.ApiTokens;
import dev.ocrpipe.api.auth.Identity;
import io.micrometer.core.instrument.MeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate limits through HTTP, on two API instances of their own that share one MongoDB (and the
 * shared test context's Kafka broker): small budgets (upload 3, write 3, read 5, auth 3 per
 * minute), which the shared context cannot have without breaking the other tests. Instance A
 * trusts the loopback address as a proxy, so each test picks its own client address with
 * {@code X-Forwarded-For}; instance B trusts no proxy. Callers authenticate for real, with API
 * tokens minted by the instances' own token service (they share the database, so a token works on
 * both).
 */
class RateLimitIT extends IntegrationTestBase {

	private static ConfigurableApplicationContext trustingLoopback;

	private static ConfigurableApplicationContext trustingNone;

	@Autowired
	Environment environment;

	private RestClient a;

	private RestClient b;

	@AfterAll
	static void stopInstances() {
		for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { trustingLoopback,
				trustingNone }) {
			if (context != null) {
				context.close();
			}
		}
		trustingLoopback = null;
		trustingNone = null;
	}

	@BeforeEach
	void instances() {
		if (trustingLoopback == null) {
			trustingLoopback = start("--ocr.api.client-address.trusted-proxies=127.0.0.1/32,::1/128");
			trustingNone = start();
		}
		this.a = client(trustingLoopback);
		this.b = client(trustingNone);
	}

	private ConfigurableApplicationContext start(String... extra) {
		String[] common = { "--server.port=0", "--spring.mongodb.uri=" + mongoUri("ratelimit-it"),
				"--spring.kafka.bootstrap-servers=" + this.kafkaBroker.getBrokersAsString(),
				"--management.health.mongodb.enabled=false", "--ocr.api.dispatch.relay-enabled=false",
				// as many partitions as the shared context declares: a larger number would make
				// Kafka add partitions under the shared context's consumers, who would not see them
				// for minutes
				"--ocr.api.kafka.job-submitted-partitions="
						+ this.environment.getProperty("ocr.api.kafka.job-submitted-partitions"),
				"--ocr.api.rate-limit.upload=3", "--ocr.api.rate-limit.write=3", "--ocr.api.rate-limit.read=5",
				"--ocr.api.rate-limit.auth=3", "--ocr.api.rate-limit.auth-failures=3",
				"--ocr.api.rate-limit.window=1m" };
		String[] args = new String[common.length + extra.length];
		System.arraycopy(common, 0, args, 0, common.length);
		System.arraycopy(extra, 0, args, common.length, extra.length);
		return new SpringApplicationBuilder(OcrApiApplication.class).run(args);
	}

	/** The {@code Authorization} header of a new user of its own (so tests never share a budget). */
	private static Map<String, String> newUser(String name, String address) {
		String subject = name + "-" + UUID.randomUUID();
		String token = trustingLoopback.getBean(ApiTokens.class)
			.create(new Identity(subject, name, null, Set.of("USER")),
					new ApiTokens.TokenRequest("rate-limit-it", List.of("jobs:read", "jobs:write"), 1), "127.0.0.1",
					"rate-limit-it")
			.token();
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Authorization", "Bearer " + token);
		if (address != null) {
			headers.put("X-Forwarded-For", address);
		}
		return headers;
	}

	private static RestClient client(ConfigurableApplicationContext context) {
		// an explicit IPv4 loopback: "localhost" may connect over ::1 one time and 127.0.0.1 the next
		return RestClient.builder()
			.baseUrl("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"))
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	/** A client address of its own for each test, so tests never share a budget. */
	private static String newAddress() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return "198.51." + random.nextInt(100, 200) + "." + random.nextInt(1, 255);
	}

	private static ResponseEntity<String> get(RestClient client, String path, Map<String, String> headers) {
		return client.get().uri(path).headers((h) -> headers.forEach(h::set)).retrieve().toEntity(String.class);
	}

	private static ResponseEntity<String> post(RestClient client, String path, Map<String, String> headers) {
		return client.post()
			.uri(path)
			.headers((h) -> headers.forEach(h::set))
			.contentType(MediaType.APPLICATION_JSON)
			.body("{}")
			.retrieve()
			.toEntity(String.class);
	}

	private static ResponseEntity<String> cancel(RestClient client, Map<String, String> headers) {
		return post(client, "/api/v1/jobs/0123456789abcdef01234567/cancel", headers);
	}

	private static double rejected(ConfigurableApplicationContext context, String routeClass) {
		return context.getBean(MeterRegistry.class)
			.get("ocr.ratelimit.rejected")
			.tag("class", routeClass)
			.counter()
			.count();
	}

	@Test
	void theRequestOverTheLimitGets429WithRetryAfterInTheApiShape() {
		Map<String, String> client = newUser("reader", null);
		double rejectedBefore = rejected(trustingLoopback, "read");
		for (int i = 1; i <= 5; i++) {
			ResponseEntity<String> allowed = get(this.a, "/api/v1/jobs", client);
			assertThat(allowed.getStatusCode().value()).isEqualTo(200);
			assertThat(allowed.getHeaders().getFirst("RateLimit-Limit")).isEqualTo("5");
			assertThat(allowed.getHeaders().getFirst("RateLimit-Remaining")).isEqualTo(String.valueOf(5 - i));
		}

		ResponseEntity<String> refused = get(this.a, "/api/v1/jobs", client);

		assertThat(refused.getStatusCode().value()).isEqualTo(429);
		String retryAfter = refused.getHeaders().getFirst("Retry-After");
		assertThat(retryAfter).matches("[1-9][0-9]*");
		assertThat(Long.parseLong(retryAfter)).isLessThanOrEqualTo(120);
		assertThat(refused.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.isTrue();
		assertThat(body(refused).path("code").asString()).isEqualTo("RATE_LIMITED");
		assertThat(body(refused).path("type").asString()).isEqualTo("https://ocrpipe.dev/problems/rate-limited");
		assertThat(body(refused).path("routeClass").asString()).isEqualTo("read");
		assertThat(body(refused).path("retryAfter").asLong()).isEqualTo(Long.parseLong(retryAfter));
		assertThat(body(refused).path("requestId").asString()).isNotEmpty()
			.isEqualTo(refused.getHeaders().getFirst("X-Request-Id"));
		assertThat(refused.getHeaders().getFirst("RateLimit-Remaining")).isEqualTo("0");
		assertThat(refused.getHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(refused.getHeaders().getFirst("Content-Security-Policy")).isNotBlank();
		assertThat(refused.getHeaders().getFirst("Cache-Control")).isEqualTo("no-store");
		assertThat(rejected(trustingLoopback, "read")).isEqualTo(rejectedBefore + 1);
	}

	@Test
	void theBudgetIsSharedByEveryInstance() {
		Map<String, String> uploader = newUser("uploader", null);
		for (int i = 0; i < 3; i++) {
			assertThat(post(this.a, "/api/v1/jobs:base64", uploader).getStatusCode().value()).isNotEqualTo(429);
		}

		ResponseEntity<String> onTheOther = post(this.b, "/api/v1/jobs:base64", uploader);

		assertThat(onTheOther.getStatusCode().value()).isEqualTo(429);
		assertThat(body(onTheOther).path("routeClass").asString()).isEqualTo("upload");
	}

	@Test
	void anAuthenticatedCallerIsCountedByPrincipalWhereverItComesFrom() {
		String address = newAddress();
		Map<String, String> alice = newUser("alice", address);
		for (int i = 0; i < 3; i++) {
			assertThat(cancel(this.a, alice).getStatusCode().value()).isEqualTo(404);
		}
		assertThat(cancel(this.a, alice).getStatusCode().value()).isEqualTo(429);

		Map<String, String> aliceElsewhere = new LinkedHashMap<>(alice);
		aliceElsewhere.put("X-Forwarded-For", newAddress());
		assertThat(cancel(this.a, aliceElsewhere).getStatusCode().value()).isEqualTo(429);
		assertThat(cancel(this.a, newUser("bob", address)).getStatusCode().value()).isEqualTo(404);
		// without credentials the security chain answers first, at that address's expense of nothing
		assertThat(cancel(this.a, Map.of("X-Forwarded-For", address)).getStatusCode().value()).isEqualTo(401);
	}

	@Test
	void anonymousCallersOfPublicRoutesAreCountedByClientAddress() {
		Map<String, String> one = Map.of("X-Forwarded-For", newAddress());
		for (int i = 0; i < 5; i++) {
			assertThat(get(this.a, "/actuator/info", one).getStatusCode().value()).isEqualTo(200);
		}
		assertThat(get(this.a, "/actuator/info", one).getStatusCode().value()).isEqualTo(429);
		assertThat(get(this.a, "/actuator/info", Map.of("X-Forwarded-For", newAddress())).getStatusCode().value())
			.isEqualTo(200);
	}

	@Test
	void everyAddressOfOneIpv6Slash64SharesOneBudget() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String prefix = "2001:db8:" + Integer.toHexString(random.nextInt(1, 0xffff)) + ":"
				+ Integer.toHexString(random.nextInt(1, 0xffff)) + ":";
		for (int i = 0; i < 5; i++) {
			String address = prefix + Integer.toHexString(random.nextInt(1, 0xffff)) + "::" + (i + 1);
			assertThat(get(this.a, "/actuator/info", Map.of("X-Forwarded-For", address)).getStatusCode().value())
				.isEqualTo(200);
		}
		ResponseEntity<String> sixth = get(this.a, "/actuator/info", Map.of("X-Forwarded-For", prefix + "beef::6"));
		assertThat(sixth.getStatusCode().value()).isEqualTo(429);
	}

	@Test
	void forwardedForFromAPeerThatIsNoTrustedProxyChangesNothing() {
		// instance B trusts no proxy: every spoofed address is the loopback peer
		for (int i = 0; i < 5; i++) {
			assertThat(get(this.b, "/actuator/info", Map.of("X-Forwarded-For", newAddress())).getStatusCode().value())
				.isEqualTo(200);
		}
		ResponseEntity<String> spoofed = get(this.b, "/actuator/info", Map.of("X-Forwarded-For", newAddress()));
		assertThat(spoofed.getStatusCode().value()).isEqualTo(429);
	}

	@Test
	void authenticationSurfacesAreCountedByAddressWhoeverClaimsToCall() {
		String address = newAddress();
		String[] paths = { "/api/v1/auth/logout", "/api/v1/auth/test-login", "/api/v1/tokens" };
		for (int i = 0; i < 3; i++) {
			// the first with no credentials at all, then a different user each time
			Map<String, String> headers = (i == 0) ? Map.of("X-Forwarded-For", address) : newUser("user" + i, address);
			assertThat(post(this.a, paths[i], headers).getStatusCode().value()).isNotEqualTo(429);
		}
		ResponseEntity<String> fourth = get(this.a, "/oauth2/authorization/oidc", newUser("someone-else", address));
		assertThat(fourth.getStatusCode().value()).isEqualTo(429);
		assertThat(body(fourth).path("routeClass").asString()).isEqualTo("auth");
		assertThat(rejected(trustingLoopback, "auth")).isPositive();
		// another address still has its own budget
		assertThat(post(this.a, paths[0], Map.of("X-Forwarded-For", newAddress())).getStatusCode().value())
			.isNotEqualTo(429);
	}

	@Test
	void encodedPathsAreClassedAsTheDecodedPathsSecurityAndMvcMatch() throws Exception {
		String address = newAddress();
		Map<String, String> headers = Map.of("X-Forwarded-For", address);
		int port = port(trustingLoopback);
		// /api/v1/auth/test-login and /oauth2/authorization/oidc with one letter percent-encoded
		assertThat(raw(port, "POST", "/api/v1/%61uth/test-login", headers).statusCode()).isNotEqualTo(429);
		assertThat(raw(port, "GET", "/o%61uth2/authorization/oidc", headers).statusCode()).isNotEqualTo(429);
		assertThat(raw(port, "POST", "/api/v1/%61uth/test-login", headers).statusCode()).isNotEqualTo(429);

		java.net.http.HttpResponse<String> fourth = raw(port, "GET", "/login/o%61uth2/code/oidc", headers);

		assertThat(fourth.statusCode()).isEqualTo(429);
		assertThat(this.json.readTree(fourth.body()).path("routeClass").asString()).isEqualTo("auth");
	}

	@Test
	void anOidcRedirectThatSecurityAnswersOnAnEncodedPathIsCounted() throws Exception {
		// the shared context has an OIDC registration "it": Spring Security's redirect filter
		// answers this inside its chain, so only the stage before the chain can count it
		java.net.http.HttpResponse<String> redirect = raw(this.port, "GET", "/o%61uth2/authorization/it", Map.of());

		assertThat(redirect.statusCode()).isEqualTo(302);
		assertThat(redirect.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).startsWith(oidcIssuer() + "/oauth2/authorize"));
		assertThat(redirect.headers().firstValue("RateLimit-Limit")).hasValue("1000000");
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

	/** A request sent exactly as written: RestClient would encode the percent sign again. */
	private static java.net.http.HttpResponse<String> raw(int port, String method, String path,
			Map<String, String> headers) throws Exception {
		java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest
			.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
			.method(method, method.equals("GET") ? java.net.http.HttpRequest.BodyPublishers.noBody()
					: java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
			.header("Content-Type", "application/json");
		headers.forEach(request::header);
		return java.net.http.HttpClient.newHttpClient()
			.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void refusedCredentialsAreCountedByAddressAndThenRefusedBeforeTheChainChecksThem() {
		String address = newAddress();
		Map<String, String> badToken = Map.of("X-Forwarded-For", address, "Authorization",
				"Bearer ocrp_" + UUID.randomUUID());
		Map<String, String> bogusSession = Map.of("X-Forwarded-For", address, "Cookie",
				"__Host-ocrpipe-session=" + UUID.randomUUID());
		double rejectedBefore = rejected(trustingLoopback, "auth-failures");
		// a bad token (401), a bogus session on a write without CSRF token (403), on a read (401)
		assertThat(get(this.a, "/api/v1/jobs", badToken).getStatusCode().value()).isEqualTo(401);
		assertThat(cancel(this.a, bogusSession).getStatusCode().value()).isEqualTo(403);
		assertThat(get(this.a, "/api/v1/jobs", bogusSession).getStatusCode().value()).isEqualTo(401);
		// the fourth goes over the budget (it is already answered when it is counted)
		assertThat(get(this.a, "/api/v1/jobs", badToken).getStatusCode().value()).isEqualTo(401);

		ResponseEntity<String> fifth = get(this.a, "/api/v1/jobs", badToken);

		assertThat(fifth.getStatusCode().value()).isEqualTo(429);
		assertThat(body(fifth).path("routeClass").asString()).isEqualTo("auth-failures");
		assertThat(fifth.getHeaders().getFirst("Retry-After")).matches("[1-9][0-9]*");
		assertThat(rejected(trustingLoopback, "auth-failures")).isEqualTo(rejectedBefore + 1);
		// until the budget allows again, a credential the chain has not verified lately is not
		// checked from that address (a new guess costs no lookup)
		assertThat(get(this.a, "/api/v1/jobs", newUser("newcomer", address)).getStatusCode().value()).isEqualTo(429);
		// another address is not concerned, nor are requests without credentials
		assertThat(get(this.a, "/api/v1/jobs", Map.of("X-Forwarded-For", newAddress(), "Authorization",
				"Bearer ocrp_" + UUID.randomUUID())).getStatusCode().value()).isEqualTo(401);
		assertThat(get(this.a, "/actuator/info", Map.of("X-Forwarded-For", address)).getStatusCode().value())
			.isEqualTo(200);
	}

	@Test
	void refusedCredentialsFromOneAddressDoNotLockOutAValidOneFromTheSameAddress() {
		String office = newAddress();
		Map<String, String> colleague = newUser("colleague", office);
		assertThat(get(this.a, "/api/v1/jobs", colleague).getStatusCode().value()).isEqualTo(200);
		// someone behind the same address sprays guesses, over the budget (3)
		for (int i = 0; i < 4; i++) {
			assertThat(get(this.a, "/api/v1/jobs",
					Map.of("X-Forwarded-For", office, "Authorization", "Bearer ocp_" + UUID.randomUUID()))
				.getStatusCode()
				.value()).isEqualTo(401);
		}
		assertThat(get(this.a, "/api/v1/jobs",
				Map.of("X-Forwarded-For", office, "Authorization", "Bearer ocp_" + UUID.randomUUID()))
			.getStatusCode()
			.value()).as("the next guess is refused before any lookup").isEqualTo(429);

		assertThat(get(this.a, "/api/v1/jobs", colleague).getStatusCode().value())
			.as("the colleague's token, verified a moment ago, still works").isEqualTo(200);
	}

	@Test
	void oneRefusedCredentialIsThrottledWhereverItComesFrom() {
		Map<String, String> stolen = Map.of("Authorization", "Bearer ocp_" + UUID.randomUUID());
		for (int i = 0; i < 4; i++) {
			Map<String, String> headers = new LinkedHashMap<>(stolen);
			headers.put("X-Forwarded-For", newAddress());
			assertThat(get(this.a, "/api/v1/jobs", headers).getStatusCode().value()).isEqualTo(401);
		}
		Map<String, String> fresh = new LinkedHashMap<>(stolen);
		fresh.put("X-Forwarded-For", newAddress());

		ResponseEntity<String> refused = get(this.a, "/api/v1/jobs", fresh);

		assertThat(refused.getStatusCode().value()).isEqualTo(429);
		assertThat(body(refused).path("routeClass").asString()).isEqualTo("auth-failures");
	}

	@Test
	void acceptedCredentialsAreNotCountedAsFailures() {
		Map<String, String> user = newUser("busy", newAddress());
		// more requests than the auth-failures budget (3), fewer than the read budget (5)
		for (int i = 0; i < 5; i++) {
			assertThat(get(this.a, "/api/v1/jobs", user).getStatusCode().value()).isEqualTo(200);
		}
	}

	@Test
	void healthProbesAreNeverLimited() {
		for (int i = 0; i < 12; i++) {
			ResponseEntity<String> health = get(this.b, "/actuator/health", Map.of());
			assertThat(health.getStatusCode().value()).isEqualTo(200);
			assertThat(health.getHeaders().getFirst("RateLimit-Limit")).isNull();
		}
	}

}
