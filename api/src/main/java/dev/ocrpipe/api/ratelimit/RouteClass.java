package dev.ocrpipe.api.ratelimit;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The budgets a request can be counted against, decided by method and path: uploads are costly,
 * other writes less so, reads are cheap, and the authentication surfaces are what a password or
 * token guesser hits. {@link #AUTH_FAILURES} is no route: it counts, by client address, the
 * requests with credentials that the security chain refused, whatever their path.
 */
enum RouteClass {

	UPLOAD, WRITE, READ, AUTH, AUTH_FAILURES;

	/** The metric tag and the prefix of the counter ids. */
	String tag() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * @return the class of a request, or {@code null} for requests that are never limited (health
	 * probes: a 429 there would make the orchestrator restart a busy instance)
	 */
	static @Nullable RouteClass of(String method, String path) {
		if (path.equals("/actuator/health") || path.startsWith("/actuator/health/")) {
			return null;
		}
		if (under(path, "/api/v1/auth") || under(path, "/api/v1/tokens") || under(path, "/oauth2")
				|| under(path, "/login")) {
			return AUTH;
		}
		String verb = method.toUpperCase(Locale.ROOT);
		if (verb.equals("POST") && (path.equals("/api/v1/jobs") || path.equals("/api/v1/jobs:base64"))) {
			return UPLOAD;
		}
		if (verb.equals("GET") || verb.equals("HEAD") || verb.equals("OPTIONS")) {
			return READ;
		}
		return WRITE;
	}

	private static boolean under(String path, String prefix) {
		return path.equals(prefix) || path.startsWith(prefix + "/");
	}

}
