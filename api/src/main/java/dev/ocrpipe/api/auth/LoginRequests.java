package dev.ocrpipe.api.auth;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;

import dev.ocrpipe.migrations.V003AuthCollections;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Where an OIDC login waits between the redirect to the provider and the callback (state, nonce,
 * PKCE verifier) without an {@code HttpSession}: in the {@code oidc_logins} collection, under the
 * hash of a random value held in a short-lived cookie of the browser that started it. So any API
 * instance can finish the login, and a callback URL replayed in another browser (login CSRF) finds
 * nothing.
 */
final class LoginRequests implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

	/** Its indexes come with the V003 migration. */
	static final String COLLECTION = V003AuthCollections.OIDC_LOGINS;

	/** How long a user may take at the provider. */
	static final Duration LIFETIME = Duration.ofMinutes(10);

	private static final ObjectInputFilter ALLOWED = ObjectInputFilter.Config
		.createFilter("java.lang.*;java.util.*;org.springframework.security.**;maxdepth=10;!*");

	private final MongoCollection<Document> logins;

	private final Clock clock;

	private final boolean secure;

	LoginRequests(MongoTemplate mongo, Clock clock, boolean secure) {
		this.logins = mongo.getCollection(COLLECTION);
		this.clock = clock;
		this.secure = secure;
	}

	String cookieName() {
		return this.secure ? "__Host-ocrpipe-login" : "ocrpipe-login";
	}

	@Override
	public OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
		String key = cookie(request);
		if (key == null) {
			return null;
		}
		Document found = this.logins.find(Filters.eq("_id", Secrets.sha256(key))).first();
		if (found == null || !found.getDate("expiresAt").toInstant().isAfter(this.clock.instant())) {
			return null;
		}
		OAuth2AuthorizationRequest stored = read(found.get("request", Binary.class).getData());
		String state = request.getParameter(OAuth2ParameterNames.STATE);
		return (state != null && Secrets.constantTimeEquals(stored.getState(), state)) ? stored : null;
	}

	@Override
	public void saveAuthorizationRequest(OAuth2AuthorizationRequest authorizationRequest, HttpServletRequest request,
			HttpServletResponse response) {
		if (authorizationRequest == null) {
			removeAuthorizationRequest(request, response);
			return;
		}
		String key = Secrets.random256();
		Instant expiresAt = this.clock.instant().plus(LIFETIME);
		this.logins.insertOne(new Document("_id", Secrets.sha256(key)).append("request", new Binary(write(authorizationRequest)))
			.append("expiresAt", Date.from(expiresAt)));
		response.addHeader(HttpHeaders.SET_COOKIE, cookie(key, LIFETIME).toString());
	}

	@Override
	public OAuth2AuthorizationRequest removeAuthorizationRequest(HttpServletRequest request,
			HttpServletResponse response) {
		OAuth2AuthorizationRequest found = loadAuthorizationRequest(request);
		String key = cookie(request);
		if (key != null) {
			this.logins.deleteOne(Filters.eq("_id", Secrets.sha256(key)));
			response.addHeader(HttpHeaders.SET_COOKIE, cookie("", Duration.ZERO).toString());
		}
		return found;
	}

	private ResponseCookie cookie(String value, Duration maxAge) {
		// Lax: the provider's redirect back is a cross-site top-level GET, which Lax cookies follow
		return ResponseCookie.from(cookieName(), value)
			.httpOnly(true)
			.secure(this.secure)
			.sameSite("Lax")
			.path("/")
			.maxAge(maxAge)
			.build();
	}

	private String cookie(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies != null) {
			for (Cookie cookie : cookies) {
				if (cookieName().equals(cookie.getName()) && !cookie.getValue().isBlank()) {
					return cookie.getValue();
				}
			}
		}
		return null;
	}

	private static byte[] write(OAuth2AuthorizationRequest request) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(request);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/** Only our own bytes are read back, and even those only into the classes an authorization request is made of. */
	private static OAuth2AuthorizationRequest read(byte[] data) {
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
			in.setObjectInputFilter(ALLOWED);
			return (OAuth2AuthorizationRequest) in.readObject();
		}
		catch (IOException | ClassNotFoundException ex) {
			throw new IllegalStateException("Unreadable stored login request", ex);
		}
	}

}
