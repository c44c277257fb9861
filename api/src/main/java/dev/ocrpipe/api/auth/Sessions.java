package dev.ocrpipe.api.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

import dev.ocrpipe.api.system.ClientAddress;
import dev.ocrpipe.api.system.RequestIds;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Browser sessions: started by a login (every login method goes through {@link #start}), found by
 * their cookie on each request with idle and absolute lifetimes enforced against the application
 * clock, and ended by logout. The session id lives only in the cookie; MongoDB holds its hash.
 */
@Component
class Sessions {

	/** The cookie name with {@code secure-cookie=true}: the prefix makes browsers insist on Secure, Path=/ and no Domain. */
	static final String SECURE_COOKIE = "__Host-ocrpipe-session";

	/** The cookie name over plain http (local stack), where a {@code __Host-} cookie would be dropped. */
	static final String PLAIN_COOKIE = "ocrpipe-session";

	/** Request attribute set when the request's session cookie named a session that has ended. */
	static final String EXPIRED = Sessions.class.getName() + ".expired";

	private final SessionStore store;

	private final AuthProperties properties;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final ClientAddress clients;

	private final Admins admins;

	Sessions(SessionStore store, AuthProperties properties, Clock clock, ApplicationEventPublisher events,
			ClientAddress clients, Admins admins) {
		this.admins = admins;
		this.store = store;
		this.properties = properties;
		this.clock = clock;
		this.events = events;
		this.clients = clients;
	}

	/**
	 * The client address auth events record: behind a trusted proxy the client it names, never
	 * the proxy ({@code getRemoteAddr()}).
	 */
	String clientIp(HttpServletRequest request) {
		return this.clients.of(request);
	}

	String cookieName() {
		return this.properties.secureCookie() ? SECURE_COOKIE : PLAIN_COOKIE;
	}

	/**
	 * Starts a session for someone who just proved who they are: always a new id (a session id
	 * planted before the login is worthless after it), and the session the request came with, if
	 * any, is ended.
	 * @param method {@code oidc} or {@code test}, recorded and published
	 */
	void start(Identity identity, Admins.Grounds grounds, String method, HttpServletRequest request,
			HttpServletResponse response) {
		cookieValue(request).ifPresent((old) -> this.store.delete(Secrets.sha256(old)));
		String id = Secrets.random256();
		Instant now = this.clock.instant();
		Instant absoluteEnd = now.plus(this.properties.absoluteTimeout());
		this.store.insert(new SessionStore.StoredSession(Secrets.sha256(id), identity, grounds, method, now, now,
				min(now.plus(this.properties.idleTimeout()), absoluteEnd)));
		response.addHeader(HttpHeaders.SET_COOKIE, cookie(id, this.properties.absoluteTimeout()).toString());
		this.events.publishEvent(new AuthEvent.LoggedIn(identity.subject(), clientIp(request),
				RequestIds.of(request), now, method));
	}

	/**
	 * The user of the request's session; empty without a cookie, or when the session is unknown or
	 * has ended (then the request is marked {@link #EXPIRED} and an ended session is removed).
	 */
	Optional<AuthenticatedUser> find(HttpServletRequest request) {
		Optional<String> cookie = cookieValue(request);
		if (cookie.isEmpty()) {
			return Optional.empty();
		}
		String idHash = Secrets.sha256(cookie.get());
		Optional<SessionStore.StoredSession> found = this.store.find(idHash);
		Instant now = this.clock.instant();
		if (found.isEmpty()) {
			request.setAttribute(EXPIRED, Boolean.TRUE);
			return Optional.empty();
		}
		SessionStore.StoredSession session = found.get();
		Instant absoluteEnd = session.createdAt().plus(this.properties.absoluteTimeout());
		Instant end = min(session.lastSeenAt().plus(this.properties.idleTimeout()), absoluteEnd);
		if (!now.isBefore(end)) {
			this.store.delete(idHash);
			request.setAttribute(EXPIRED, Boolean.TRUE);
			return Optional.empty();
		}
		if (Duration.between(session.lastSeenAt(), now).compareTo(this.properties.touchInterval()) >= 0) {
			this.store.touch(idHash, now, min(now.plus(this.properties.idleTimeout()), absoluteEnd));
		}
		Identity identity = session.identity();
		// the role is judged now, not as it was at login: a removed admin is an admin no longer
		return Optional.of(new AuthenticatedUser(identity.subject(), identity.name(), identity.email(),
				this.admins.roles(identity.subject(), session.grounds()),
				AuthenticatedUser.Method.SESSION, EnumSet.allOf(Scope.class), null));
	}

	/** The hash (the stored id) of the request's session cookie, if it has one. */
	Optional<String> idHash(HttpServletRequest request) {
		return cookieValue(request).map(Secrets::sha256);
	}

	/**
	 * Whether a session is still on (not logged out, not past its idle or absolute end); reads
	 * only, so checking does not keep a session alive.
	 */
	boolean stillValid(String idHash) {
		Optional<SessionStore.StoredSession> found = this.store.find(idHash);
		if (found.isEmpty()) {
			return false;
		}
		SessionStore.StoredSession session = found.get();
		Instant end = min(session.lastSeenAt().plus(this.properties.idleTimeout()),
				session.createdAt().plus(this.properties.absoluteTimeout()));
		return this.clock.instant().isBefore(end);
	}

	/**
	 * Ends the request's session server-side (a replayed cookie is worthless afterwards) and
	 * clears the cookie.
	 */
	void end(AuthenticatedUser user, HttpServletRequest request, HttpServletResponse response) {
		cookieValue(request).ifPresent((id) -> this.store.delete(Secrets.sha256(id)));
		clearCookie(response);
		this.events.publishEvent(new AuthEvent.LoggedOut(user.subject(), clientIp(request),
				RequestIds.of(request), this.clock.instant()));
	}

	void clearCookie(HttpServletResponse response) {
		response.addHeader(HttpHeaders.SET_COOKIE, cookie("", Duration.ZERO).toString());
	}

	boolean hasCookie(HttpServletRequest request) {
		return cookieValue(request).isPresent();
	}

	/**
	 * SameSite=Lax, not Strict: the OIDC callback and links from mail or chat are cross-site
	 * top-level navigations, which Strict would turn into a logged-out first page; Lax still
	 * keeps the cookie off cross-site POSTs, fetches and frames, and writes need the CSRF token
	 * anyway.
	 */
	private ResponseCookie cookie(String value, Duration maxAge) {
		return ResponseCookie.from(cookieName(), value)
			.httpOnly(true)
			.secure(this.properties.secureCookie())
			.sameSite("Lax")
			.path("/")
			.maxAge(maxAge)
			.build();
	}

	private Optional<String> cookieValue(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return Optional.empty();
		}
		String name = cookieName();
		for (Cookie cookie : cookies) {
			if (name.equals(cookie.getName()) && cookie.getValue() != null && !cookie.getValue().isBlank()) {
				return Optional.of(cookie.getValue());
			}
		}
		return Optional.empty();
	}

	private static Instant min(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

}
