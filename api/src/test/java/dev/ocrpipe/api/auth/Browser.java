package dev.ocrpipe.api.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A browser as far as authentication goes: a cookie jar per host (what {@code Set-Cookie} said,
 * {@code Max-Age=0} removing), no automatic redirects (tests follow them by hand), and the SPA's
 * habit of echoing the {@code XSRF-TOKEN} cookie in {@code X-XSRF-TOKEN} when asked to.
 */
final class Browser {

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	private final String base;

	/** Cookies by {@code host:port}, then name. */
	private final Map<String, Map<String, String>> jars = new LinkedHashMap<>();

	/** Every {@code Set-Cookie} of the last response. */
	List<String> lastSetCookies = List.of();

	Browser(int port) {
		this("http://localhost:" + port);
	}

	Browser(String base) {
		this.base = base;
	}

	HttpResponse<String> get(String path) {
		return send("GET", path, null, null, Map.of());
	}

	/** A write the SPA makes: JSON body (may be null) and the CSRF header from the cookie. */
	HttpResponse<String> write(String method, String path, String json) {
		Map<String, String> headers = new LinkedHashMap<>();
		cookie("XSRF-TOKEN").ifPresent((token) -> headers.put("X-XSRF-TOKEN", token));
		return send(method, path, json, "application/json", headers);
	}

	HttpResponse<String> testLogin(String secret, String json) {
		Map<String, String> headers = new LinkedHashMap<>();
		if (secret != null) {
			headers.put("X-Test-Auth", secret);
		}
		return send("POST", "/api/v1/auth/test-login", json, "application/json", headers);
	}

	HttpResponse<String> send(String method, String pathOrUrl, String body, String contentType,
			Map<String, String> headers) {
		URI uri = URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : this.base + pathOrUrl);
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
					: HttpRequest.BodyPublishers.noBody());
		if (contentType != null && body != null) {
			request.header("Content-Type", contentType);
		}
		headers.forEach(request::header);
		Map<String, String> jar = jar(uri);
		if (!jar.isEmpty()) {
			List<String> pairs = new ArrayList<>();
			jar.forEach((name, value) -> pairs.add(name + "=" + value));
			request.header("Cookie", String.join("; ", pairs));
		}
		try {
			HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
			this.lastSetCookies = response.headers().allValues("Set-Cookie");
			for (String setCookie : this.lastSetCookies) {
				String pair = setCookie.split(";", 2)[0];
				String name = pair.substring(0, pair.indexOf('=')).strip();
				String value = pair.substring(pair.indexOf('=') + 1).strip();
				if (setCookie.toLowerCase().contains("max-age=0") || value.isEmpty()) {
					jar.remove(name);
				}
				else {
					jar.put(name, value);
				}
			}
			return response;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	Optional<String> cookie(String name) {
		return Optional.ofNullable(jar(URI.create(this.base)).get(name));
	}

	void setCookie(String name, String value) {
		jar(URI.create(this.base)).put(name, value);
	}

	void removeCookie(String name) {
		jar(URI.create(this.base)).remove(name);
	}

	/** The {@code Set-Cookie} line of the last response for this cookie. */
	Optional<String> setCookieLine(String name) {
		return this.lastSetCookies.stream().filter((line) -> line.startsWith(name + "=")).findFirst();
	}

	private Map<String, String> jar(URI uri) {
		return this.jars.computeIfAbsent(uri.getHost() + ":" + uri.getPort(), (key) -> new LinkedHashMap<>());
	}

}
