package dev.ocrpipe.api.auth;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import dev.ocrpipe.api.IntegrationTestBase;
import dev.ocrpipe.api.OcrApiApplication;
import dev.ocrpipe.testkit.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session lifetimes against the application clock: a second API instance (sharing this context's
 * MongoDB and Kafka, like {@code TwoInstancesIT}) runs on a {@link MutableClock} that the test moves,
 * with the production cookie settings (Secure, {@code __Host-} name). The shared context keeps the
 * real clock, which its other tests need.
 */
class SessionExpiryIT extends IntegrationTestBase {

	private static final MutableClock CLOCK = new MutableClock(Instant.parse("2030-01-01T08:00:00Z"));

	private static final String SECRET = "expiry-test-secret";

	private static ConfigurableApplicationContext instance;

	@Autowired
	Environment environment;

	private Browser browser;

	@AfterAll
	static void stopInstance() {
		if (instance != null) {
			instance.close();
			instance = null;
		}
	}

	@BeforeEach
	void start() {
		if (instance == null) {
			instance = new SpringApplicationBuilder(OcrApiApplication.class)
				.initializers((ConfigurableApplicationContext context) -> context.getBeanFactory()
					.registerSingleton("clock", CLOCK))
				.run("--server.port=0", "--spring.mongodb.uri=" + this.environment.getProperty("spring.mongodb.uri"),
						"--spring.kafka.bootstrap-servers=" + this.kafkaBroker.getBrokersAsString(),
						"--management.health.mongodb.enabled=false", "--ocr.api.test-mode=true",
						"--ocr.api.auth.test-secret=" + SECRET,
						// this instance's time runs ahead: it must not relay or sweep the shared data
						"--ocr.api.dispatch.relay-enabled=false", "--ocr.api.retention.finished-jobs=0",
						// nor touch the topics: its default partition count would add partitions
						// that the shared context's test consumers do not see for minutes
						"--spring.kafka.admin.auto-create=false",
					// it shares the rate-limit windows with the shared context, whose tests all come from
					// one address; RateLimitIT tests the limits
					"--ocr.api.rate-limit.enabled=false");
		}
		this.browser = new Browser(Integer.parseInt(instance.getEnvironment().getProperty("local.server.port")));
		HttpResponse<String> login = this.browser.testLogin(SECRET, null);
		assertThat(login.statusCode()).isEqualTo(200);
		assertThat(this.browser.setCookieLine(Sessions.SECURE_COOKIE)).hasValueSatisfying((cookie) -> assertThat(cookie)
			.contains("Secure")
			.contains("HttpOnly")
			.contains("SameSite=Lax")
			.contains("Path=/")
			.doesNotContain("Domain"));
		assertThat(this.browser.setCookieLine("XSRF-TOKEN")).hasValueSatisfying(
				(cookie) -> assertThat(cookie).contains("Secure"));
	}

	@Test
	void aSessionUnusedForTheIdleTimeoutEnds() {
		assertMe(200);
		CLOCK.advance(Duration.ofMinutes(29));
		assertMe(200);
		CLOCK.advance(Duration.ofMinutes(29));
		assertMe(200);
		String idHash = Secrets.sha256(this.browser.cookie(Sessions.SECURE_COOKIE).orElseThrow());
		CLOCK.advance(Duration.ofMinutes(30));

		HttpResponse<String> expired = this.browser.get("/api/v1/me");

		assertExpired(expired);
		assertThat(this.mongo.getCollection(SessionStore.COLLECTION).countDocuments(new Document("_id", idHash)))
			.isZero();
	}

	@Test
	void aSessionEndsAfterItsAbsoluteLifetimeHoweverBusy() {
		Duration elapsed = Duration.ZERO;
		Duration step = Duration.ofMinutes(25);
		while (elapsed.plus(step).compareTo(Duration.ofHours(12)) < 0) {
			CLOCK.advance(step);
			elapsed = elapsed.plus(step);
			assertMe(200);
		}
		CLOCK.advance(Duration.ofHours(12).minus(elapsed));

		assertExpired(this.browser.get("/api/v1/me"));
	}

	@Test
	void theLastUseIsWrittenAtMostOncePerTouchInterval() {
		String idHash = Secrets.sha256(this.browser.cookie(Sessions.SECURE_COOKIE).orElseThrow());
		Date loggedIn = lastSeen(idHash);

		CLOCK.advance(Duration.ofSeconds(30));
		assertMe(200);
		assertThat(lastSeen(idHash)).isEqualTo(loggedIn);

		CLOCK.advance(Duration.ofSeconds(31));
		assertMe(200);
		assertThat(lastSeen(idHash).toInstant()).isEqualTo(CLOCK.instant());
	}

	private Date lastSeen(String idHash) {
		return this.mongo.getCollection(SessionStore.COLLECTION).find(new Document("_id", idHash)).first()
			.getDate("lastSeenAt");
	}

	private void assertMe(int status) {
		HttpResponse<String> me = this.browser.get("/api/v1/me");
		assertThat(me.statusCode()).as(me.body()).isEqualTo(status);
	}

	private void assertExpired(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Location")).isEmpty();
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(this.json.readTree(response.body()).path("code").asString()).isEqualTo("UNAUTHENTICATED");
		assertThat(this.json.readTree(response.body()).path("detail").asString()).contains("session has ended");
		assertThat(this.browser.setCookieLine(Sessions.SECURE_COOKIE))
			.hasValueSatisfying((cookie) -> assertThat(cookie).contains("Max-Age=0"));
	}

}
