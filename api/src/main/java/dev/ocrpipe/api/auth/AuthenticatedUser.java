package dev.ocrpipe.api.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The caller of one request, however it authenticated: the principal of its
 * {@link UserAuthentication}.
 *
 * @param subject the owner id of the caller's jobs
 * @param name display name
 * @param email e-mail address, or null
 * @param roles {@code USER}, {@code ADMIN}
 * @param method how this request authenticated
 * @param scopes what the request may do: every scope for a session, the token's for a token
 * @param tokenId the API token's id, or null for a session
 */
record AuthenticatedUser(String subject, String name, String email, Set<String> roles, Method method,
		Set<Scope> scopes, String tokenId) {

	/** Authority of requests authenticated by the session cookie: token management and logout need it. */
	static final String SESSION_AUTHORITY = "AUTH_SESSION";

	AuthenticatedUser {
		roles = Set.copyOf(roles);
		scopes = Set.copyOf(scopes);
	}

	/**
	 * Whether this request acts as an admin: only with a browser session. An API token is the
	 * credential most likely to leak (CI logs, scripts) and lives for up to a year, so an admin's
	 * token acts on its owner's jobs alone, like anyone's.
	 */
	boolean admin() {
		return this.method == Method.SESSION && this.roles.contains(Identity.ADMIN);
	}

	/** Whether the owner holds the ADMIN role, whatever this request may do with it. */
	boolean ownerIsAdmin() {
		return this.roles.contains(Identity.ADMIN);
	}

	/** The roles this request acts with: ADMIN only through a session (see {@link #admin()}). */
	Set<String> effectiveRoles() {
		return admin() ? this.roles : Set.of(Identity.USER);
	}

	Collection<GrantedAuthority> authorities() {
		List<GrantedAuthority> authorities = new ArrayList<>();
		effectiveRoles().forEach((role) -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
		this.scopes.forEach((scope) -> authorities.add(new SimpleGrantedAuthority(scope.authority())));
		if (this.method == Method.SESSION) {
			authorities.add(new SimpleGrantedAuthority(SESSION_AUTHORITY));
		}
		return authorities;
	}

	/**
	 * How a request proved who it is.
	 */
	enum Method {

		/** The session cookie of a browser login. */
		SESSION,

		/** A personal API token ({@code Authorization: Bearer ocp_…}). */
		TOKEN

	}

}
