package dev.ocrpipe.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signs in to an API running in test mode and mints a personal API token, the way a person would
 * through the test login and the tokens endpoint: the local stack, the end-to-end tests and the
 * benchmarks then call the API as a program does, with {@code Authorization: Bearer}.
 */
public final class ApiLogin {

	/** The header that carries the test-login secret. */
	public static final String TEST_AUTH_HEADER = "X-Test-Auth";

	private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

	private static final Pattern LINK_PATH = Pattern.compile("\"path\"\\s*:\\s*\"([^\"]+)\"");

	private static final SecureRandom RANDOM = new SecureRandom();

	private ApiLogin() {
	}

	/** A fresh random secret, URL-safe, for the test-login secret or the token pepper of a stack. */
	public static String newSecret() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * The API's environment for test mode over plain HTTP: the test login is on behind
	 * {@code testSecret}, tokens are hashed with {@code tokenSecret}, and cookies are not
	 * {@code Secure} (a browser would not send them to {@code http://localhost} otherwise).
	 */
	public static Map<String, String> testModeEnvironment(String testSecret, String tokenSecret) {
		Map<String, String> env = new LinkedHashMap<>();
		env.put("TEST_MODE", "true");
		env.put("OCR_API_AUTH_TESTSECRET", testSecret);
		env.put("OCR_API_AUTH_TOKENSECRET", tokenSecret);
		env.put("OCR_API_AUTH_SECURECOOKIE", "false");
		return env;
	}

	/**
	 * Signs in as the test user and creates an API token with read and write scopes.
	 * @param api the API's base URI
	 * @param testSecret the API's test-login secret
	 * @param name the token's name, as the tokens list will show it
	 * @return the token, to send as {@code Authorization: Bearer <token>}
	 */
	public static String mintToken(URI api, String testSecret, String name) {
		return mintToken(api, testSecret, name, null);
	}

	/**
	 * Signs in as {@code subject} (an owner of its own; null: the test user) and creates an API
	 * token with read and write scopes.
	 * @param api the API's base URI
	 * @param testSecret the API's test-login secret
	 * @param name the token's name, as the tokens list will show it
	 * @param subject who to sign in as (a subject the test login accepts), or null for the test user
	 * @return the token, to send as {@code Authorization: Bearer <token>}
	 */
	public static String mintToken(URI api, String testSecret, String name, String subject) {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		HttpResponse<String> login = send(http, HttpRequest.newBuilder(api.resolve("/api/v1/auth/test-login"))
			.header(TEST_AUTH_HEADER, testSecret)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString((subject != null) ? "{\"subject\":\"" + subject + "\"}" : "{}")));
		expect(login, 200, "test login");
		Map<String, String> cookies = cookies(login.headers().allValues("Set-Cookie"));
		if (cookies.keySet().stream().noneMatch(ApiLogin::isCsrfCookie)) {
			HttpResponse<String> me = send(http, HttpRequest.newBuilder(api.resolve("/api/v1/me"))
				.header("Cookie", cookieHeader(cookies))
				.GET());
			expect(me, 200, "who-am-I after the test login");
			cookies.putAll(cookies(me.headers().allValues("Set-Cookie")));
		}
		String csrf = cookies.entrySet()
			.stream()
			.filter((cookie) -> isCsrfCookie(cookie.getKey()))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("The API set no XSRF-TOKEN cookie after the test login"));
		String body = "{\"name\":\"" + name + "\",\"scopes\":[\"jobs:read\",\"jobs:write\"],\"expiresInDays\":30}";
		HttpResponse<String> created = send(http, HttpRequest.newBuilder(api.resolve("/api/v1/tokens"))
			.header("Cookie", cookieHeader(cookies))
			.header("X-XSRF-TOKEN", csrf)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
		expect(created, 201, "token creation");
		Matcher token = TOKEN.matcher(created.body());
		if (!token.find()) {
			throw new IllegalStateException("No token in the API's answer: " + created.body());
		}
		return token.group(1);
	}

	/**
	 * A one-time sign-in link of the test user for a browser: opening it starts a session and
	 * shows the app. It works once, for 15 minutes, and only in test mode.
	 * @param api the API's base URI
	 * @param testSecret the API's test-login secret
	 * @return the absolute link
	 */
	public static URI signInLink(URI api, String testSecret) {
		return signInLink(api, testSecret, false);
	}

	/**
	 * A one-time sign-in link of the test user as {@link #signInLink(URI, String)}, with the ADMIN
	 * role when {@code admin} is true (the admin views in a browser).
	 * @param api the API's base URI
	 * @param testSecret the API's test-login secret
	 * @param admin whether the session gets the ADMIN role
	 * @return the absolute link
	 */
	public static URI signInLink(URI api, String testSecret, boolean admin) {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		HttpResponse<String> issued = send(http, HttpRequest.newBuilder(api.resolve("/api/v1/auth/sign-in-links"))
			.header(TEST_AUTH_HEADER, testSecret)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(admin ? "{\"admin\":true}" : "{}")));
		expect(issued, 201, "sign-in link");
		Matcher path = LINK_PATH.matcher(issued.body());
		if (!path.find()) {
			throw new IllegalStateException("No sign-in link in the API's answer");
		}
		return api.resolve(path.group(1));
	}

	/** Whether the API still accepts a token (not expired, not revoked, signed with its current secret). */
	public static boolean accepts(URI api, String token) {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		return send(http, HttpRequest.newBuilder(api.resolve("/api/v1/me")).header("Authorization", "Bearer " + token)
			.GET()).statusCode() == 200;
	}

	private static boolean isCsrfCookie(String name) {
		return name.endsWith("XSRF-TOKEN");
	}

	/** Cookie names and values from {@code Set-Cookie} headers; a cleared cookie (empty value) is left out. */
	private static Map<String, String> cookies(List<String> setCookies) {
		Map<String, String> cookies = new LinkedHashMap<>();
		for (String header : setCookies) {
			String pair = header.split(";", 2)[0];
			int equals = pair.indexOf('=');
			if (equals > 0 && equals < pair.length() - 1) {
				cookies.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
			}
		}
		return cookies;
	}

	private static String cookieHeader(Map<String, String> cookies) {
		return String.join("; ", cookies.entrySet().stream().map((c) -> c.getKey() + "=" + c.getValue()).toList());
	}

	private static void expect(HttpResponse<String> response, int status, String what) {
		if (response.statusCode() != status) {
			throw new IllegalStateException(
					what + " answered " + response.statusCode() + " (expected " + status + "): " + response.body());
		}
	}

	private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) {
		try {
			return http.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot reach the API: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
