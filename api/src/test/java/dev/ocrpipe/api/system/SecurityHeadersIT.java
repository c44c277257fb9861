package dev.ocrpipe.api.system;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import dev.ocrpipe.api.IntegrationTestBase;
import dev.ocrpipe.migrations.Migrations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Browser security headers on every kind of response, the CORS allowlist, and the migrations
 * having run at startup, on the shared application context.
 */
class SecurityHeadersIT extends IntegrationTestBase {

	private static final String ALLOWED = "https://app.example.com";

	@Test
	void anOkResponseCarriesEveryHeader() {
		ResponseEntity<String> response = this.http.get().uri("/api/v1/jobs").retrieve().toEntity(String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertSecurityHeaders(response.getHeaders());
		assertThat(response.getHeaders().getFirst("Cache-Control")).isEqualTo("no-store");
		assertThat(response.getHeaders().containsHeader("Strict-Transport-Security")).isFalse();
	}

	@Test
	void errorsCarryThemToo() {
		ResponseEntity<String> notFound = this.http.get()
			.uri("/api/v1/jobs/0123456789abcdef01234567")
			.retrieve()
			.toEntity(String.class);
		ResponseEntity<String> noRoute = this.http.get().uri("/api/v1/no/such/route").retrieve().toEntity(String.class);
		ResponseEntity<String> failed = this.http.get().uri("/api/v1/test-only/boom").retrieve().toEntity(String.class);
		ResponseEntity<String> unauthenticated = anonymous().get().uri("/api/v1/jobs").retrieve().toEntity(String.class);

		assertThat(notFound.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertSecurityHeaders(notFound.getHeaders());
		assertThat(noRoute.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertSecurityHeaders(noRoute.getHeaders());
		assertThat(failed.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		assertSecurityHeaders(failed.getHeaders());
		assertThat(failed.getBody()).doesNotContain("internal detail");
		assertThat(unauthenticated.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertSecurityHeaders(unauthenticated.getHeaders());
		assertThat(unauthenticated.getHeaders().getFirst("Cache-Control")).isEqualTo("no-store");
	}

	@Test
	void tooLargeBodiesCarryThem() {
		ResponseEntity<String> file = upload(part("big.pdf", new byte[100 * 1024], MediaType.APPLICATION_PDF));
		ResponseEntity<String> json = this.http.post()
			.uri("/api/v1/jobs:base64")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"filename\":\"a.pdf\",\"contentBase64\":\"" + "A".repeat(400 * 1024) + "\"}")
			.retrieve()
			.toEntity(String.class);

		assertThat(file.getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
		assertSecurityHeaders(file.getHeaders());
		assertThat(json.getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
		assertSecurityHeaders(json.getHeaders());
	}

	@Test
	void anEventStreamCarriesThem() throws Exception {
		HttpResponse<InputStream> stream = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/events"))
				.header("Accept", "text/event-stream")
				.header("Authorization", authorization().get("Authorization"))
				.build(), HttpResponse.BodyHandlers.ofInputStream());
		try (InputStream body = stream.body()) {
			assertThat(stream.statusCode()).isEqualTo(200);
			assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("text/event-stream"));
			HttpHeaders headers = new HttpHeaders();
			stream.headers().map().forEach(headers::addAll);
			assertSecurityHeaders(headers);
			assertThat(headers.getFirst("Cache-Control")).isEqualTo("no-store");
		}
	}

	@Test
	void anEncodedApiPathIsNotStoredEither() throws Exception {
		// Tomcat, Spring Security and MVC decode %61: this is GET /api/v1/jobs
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/%61pi/v1/jobs"))
				.header("Authorization", authorization().get("Authorization"))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
	}

	@Test
	void hstsOnlyOverHttpsAsToldByTheTrustedProxy() {
		ResponseEntity<String> response = this.http.get()
			.uri("/api/v1/jobs")
			.header("X-Forwarded-Proto", "https")
			.retrieve()
			.toEntity(String.class);

		assertThat(response.getHeaders().getFirst("Strict-Transport-Security"))
			.isEqualTo("max-age=31536000; includeSubDomains");
	}

	@Test
	void anAllowedOriginGetsCorsHeadersWithCredentials() {
		ResponseEntity<String> response = this.http.get()
			.uri("/api/v1/jobs")
			.header("Origin", ALLOWED)
			.retrieve()
			.toEntity(String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getHeaders().getFirst("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
		assertThat(response.getHeaders().getFirst("Access-Control-Allow-Credentials")).isEqualTo("true");
	}

	@Test
	void anotherOriginGetsNoCorsHeadersButAProblem() {
		ResponseEntity<String> response = this.http.get()
			.uri("/api/v1/jobs")
			.header("Origin", "https://evil.example.net")
			.retrieve()
			.toEntity(String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
		assertThat(body(response).path("code").asString()).isEqualTo("CORS_ORIGIN_NOT_ALLOWED");
		assertNoCorsHeaders(response.getHeaders());
		assertSecurityHeaders(response.getHeaders());
	}

	@Test
	void preflightOfAnAllowedOriginIsAnswered() {
		ResponseEntity<String> response = this.http.options()
			.uri("/api/v1/jobs")
			.header("Origin", ALLOWED)
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "Idempotency-Key, Content-Type")
			.retrieve()
			.toEntity(String.class);

		assertThat(response.getStatusCode().is2xxSuccessful()).isTrue();
		assertThat(response.getHeaders().getFirst("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
		assertThat(response.getHeaders().getFirst("Access-Control-Allow-Methods")).contains("POST");
		assertThat(response.getHeaders().getFirst("Access-Control-Allow-Headers").toLowerCase())
			.contains("idempotency-key");
		assertThat(response.getHeaders().getFirst("Access-Control-Allow-Credentials")).isEqualTo("true");
	}

	@Test
	void preflightOfAnotherOriginIsRefused() {
		ResponseEntity<String> response = this.http.options()
			.uri("/api/v1/jobs")
			.header("Origin", "https://evil.example.net")
			.header("Access-Control-Request-Method", "DELETE")
			.retrieve()
			.toEntity(String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertNoCorsHeaders(response.getHeaders());
	}

	@Test
	void requestsWithoutOriginAreNotCorsAtAll() {
		ResponseEntity<String> response = this.http.get().uri("/api/v1/jobs").retrieve().toEntity(String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertNoCorsHeaders(response.getHeaders());
	}

	@Test
	void migrationsRanAtStartup() {
		List<String> applied = this.mongo.getCollection(Migrations.CHANGE_LOG)
			.find(new org.bson.Document("systemChange", false).append("state", "EXECUTED"))
			.map((d) -> d.getString("changeId"))
			.into(new java.util.ArrayList<>());

		assertThat(applied).contains("V001-initial-indexes", "V002-retention-index", "V003-auth-indexes");
	}

	private static void assertSecurityHeaders(HttpHeaders headers) {
		assertThat(Map.of("Content-Security-Policy", value(headers, "Content-Security-Policy"),
				"X-Content-Type-Options", value(headers, "X-Content-Type-Options"), "Referrer-Policy",
				value(headers, "Referrer-Policy"), "Permissions-Policy", value(headers, "Permissions-Policy")))
			.containsEntry("Content-Security-Policy",
					"default-src 'self'; worker-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'none'")
			.containsEntry("X-Content-Type-Options", "nosniff")
			.containsEntry("Referrer-Policy", "no-referrer")
			.containsEntry("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
	}

	private static String value(HttpHeaders headers, String name) {
		String value = headers.getFirst(name);
		return (value != null) ? value : "<missing>";
	}

	private static void assertNoCorsHeaders(HttpHeaders headers) {
		assertThat(headers.headerNames()).noneMatch((name) -> name.toLowerCase().startsWith("access-control-"));
	}

}
