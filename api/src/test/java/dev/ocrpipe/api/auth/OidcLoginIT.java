package dev.ocrpipe.api.auth;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.web.util.UriComponentsBuilder;

import dev.ocrpipe.api.IntegrationTestBase;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OIDC login (authorization code + PKCE) against a real provider in this JVM, driven like a
 * browser with a plain HTTP client: every redirect followed by hand, the provider's login form
 * submitted, the session cookie collected, then {@code /api/v1/me}.
 */
class OidcLoginIT extends IntegrationTestBase {

	private static org.springframework.context.ConfigurableApplicationContext provider;

	private static final Map<String, String> HTML = Map.of("Accept", "text/html");

	@AfterAll
	static void stopProvider() {
		if (provider != null) {
			provider.close();
			provider = null;
		}
	}

	@Autowired
	AbstractApplicationContext context;

	@Test
	void aBrowserLogsInThroughTheProviderAndGetsASession() {
		String api = startProvider();
		AuthEvents events = AuthEvents.record(this.context);
		Browser browser = new Browser(api);

		// 1. the API sends the browser to the provider, with PKCE and a state bound to this browser
		HttpResponse<String> start = browser.send("GET", "/oauth2/authorization/it", null, null, HTML);
		assertThat(start.statusCode()).isEqualTo(302);
		String authorize = location(start);
		Map<String, String> query = UriComponentsBuilder.fromUriString(authorize).build().getQueryParams()
			.toSingleValueMap();
		assertThat(authorize).startsWith(oidcIssuer() + "/oauth2/authorize");
		assertThat(query).containsKeys("state", "nonce", "code_challenge")
			.containsEntry("code_challenge_method", "S256")
			.containsEntry("client_id", "ocrpipe");
		assertThat(browser.cookie("ocrpipe-login")).isPresent();

		// 2. the provider asks alice to log in
		String loginPage = location(browser.send("GET", authorize, null, null, HTML));
		HttpResponse<String> form = browser.send("GET", loginPage, null, null, HTML);
		assertThat(form.statusCode()).isEqualTo(200);
		String csrf = hidden(form.body(), "_csrf");
		HttpResponse<String> submitted = browser.send("POST", loginPage,
				"username=" + OidcProvider.USER + "&password=" + OidcProvider.PASSWORD + "&_csrf="
						+ URLEncoder.encode(csrf, StandardCharsets.UTF_8),
				"application/x-www-form-urlencoded", HTML);
		assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(302);

		// 3. back to the authorization endpoint, which redirects to the API with a code
		HttpResponse<String> authorized = browser.send("GET", location(submitted), null, null, HTML);
		assertThat(authorized.statusCode()).isEqualTo(302);
		String callback = location(authorized);
		assertThat(callback).startsWith(api + "/login/oauth2/code/it?code=");

		// 4. the API redeems the code (with the PKCE verifier), starts a session and sends the browser home
		HttpResponse<String> done = browser.send("GET", callback, null, null, HTML);
		assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
		assertThat(location(done)).isEqualTo(api + "/");
		assertThat(browser.cookie(Sessions.PLAIN_COOKIE)).isPresent();
		assertThat(browser.cookie("XSRF-TOKEN")).isPresent();
		assertThat(browser.cookie("ocrpipe-login")).as("the pending login is spent").isEmpty();
		assertThat(done.headers().allValues("Set-Cookie")).noneMatch((cookie) -> cookie.startsWith("JSESSIONID"));

		HttpResponse<String> me = browser.get("/api/v1/me");
		assertThat(me.statusCode()).isEqualTo(200);
		JsonNode who = this.json.readTree(me.body());
		assertThat(who.path("subject").asString()).isEqualTo(oidcIssuer() + "#" + OidcProvider.USER);
		assertThat(who.path("name").asString()).isEqualTo("Alice Example");
		assertThat(who.path("email").asString()).isEqualTo("alice@example.com");
		assertThat(who.path("method").asString()).isEqualTo("session");
		// alice@example.com is listed in ocr.api.auth.admins, and the provider verified it
		assertThat(who.path("roles").toString()).contains("ADMIN");

		// the session works like any other: CSRF-protected writes included
		assertThat(browser.write("POST", "/api/v1/tokens", "{\"name\":\"oidc\",\"scopes\":[\"jobs:read\"]}")
			.statusCode()).isEqualTo(201);

		// 5. the same callback in another browser (login CSRF) finds no pending login of its own
		Browser other = new Browser(api);
		HttpResponse<String> replay = other.send("GET", callback, null, null, HTML);
		assertThat(replay.statusCode()).isEqualTo(302);
		assertThat(location(replay)).contains("login=failed");
		assertThat(other.cookie(Sessions.PLAIN_COOKIE)).isEmpty();

		events.close();
		assertThat(events.events).filteredOn(AuthEvent.LoggedIn.class::isInstance)
			.singleElement()
			.satisfies((event) -> {
				assertThat(event.subject()).isEqualTo(oidcIssuer() + "#" + OidcProvider.USER);
				assertThat(event.details()).containsEntry("method", "oidc");
			});
		assertThat(events.events).filteredOn(AuthEvent.LoginFailed.class::isInstance)
			.singleElement()
			.satisfies((event) -> assertThat(event.details()).containsEntry("method", "oidc"));
	}

	private String startProvider() {
		String api = "http://127.0.0.1:" + this.port;
		if (provider == null) {
			provider = OidcProvider.start(OIDC_PORT, api);
		}
		return api;
	}

	private static String location(HttpResponse<String> response) {
		String location = response.headers().firstValue("Location").orElseThrow(
				() -> new AssertionError("no redirect: " + response.statusCode() + " " + response.body()));
		return URI.create(response.uri().toString()).resolve(location).toString();
	}

	private static String hidden(String html, String name) {
		Matcher matcher = Pattern.compile("name=\"" + name + "\"[^>]*value=\"([^\"]+)\"").matcher(html);
		if (!matcher.find()) {
			matcher = Pattern.compile("value=\"([^\"]+)\"[^>]*name=\"" + name + "\"").matcher(html);
			assertThat(matcher.find()).as("hidden field %s in %s", name, html).isTrue();
		}
		return matcher.group(1);
	}

}
