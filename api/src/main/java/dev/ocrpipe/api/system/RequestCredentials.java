package dev.ocrpipe.api.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

import org.springframework.http.HttpHeaders;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The credentials a request presents, as the rate limiter sees them before security checks them:
 * a fingerprint to count refusals of one credential by, and a mark the security chain sets when
 * it verified them (so the limiter can tell a good credential from a guess without a lookup).
 */
public final class RequestCredentials {

	private static final String VERIFIED = RequestCredentials.class.getName() + ".verified";

	private RequestCredentials() {
	}

	/** Whether the request carries an {@code Authorization} header or a cookie. */
	public static boolean present(HttpServletRequest request) {
		return request.getHeader(HttpHeaders.AUTHORIZATION) != null || request.getHeader(HttpHeaders.COOKIE) != null;
	}

	/**
	 * A SHA-256 of what authenticates the request: the {@code Authorization} header, else its
	 * session cookies (a name containing {@code session}; other cookies such as the CSRF token
	 * change without the credential changing), else every cookie. Never the secret itself.
	 */
	public static String fingerprint(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		String presented;
		if (authorization != null) {
			presented = "authorization:" + authorization.strip();
		}
		else {
			Cookie[] cookies = (request.getCookies() != null) ? request.getCookies() : new Cookie[0];
			String[] sessions = Arrays.stream(cookies)
				.filter((cookie) -> cookie.getName().toLowerCase(Locale.ROOT).contains("session"))
				.map((cookie) -> cookie.getName() + "=" + cookie.getValue())
				.sorted()
				.toArray(String[]::new);
			presented = (sessions.length > 0) ? "session:" + String.join(";", sessions)
					: "cookie:" + String.valueOf(request.getHeader(HttpHeaders.COOKIE));
		}
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(presented.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM has SHA-256", ex);
		}
	}

	/** Called by the security chain once it found the request's token or session valid. */
	public static void markVerified(HttpServletRequest request) {
		request.setAttribute(VERIFIED, Boolean.TRUE);
	}

	public static boolean verified(HttpServletRequest request) {
		return Boolean.TRUE.equals(request.getAttribute(VERIFIED));
	}

}
