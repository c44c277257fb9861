package dev.ocrpipe.api.auth;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * The authentication of a request by session or API token: carries the {@link AuthenticatedUser}
 * and grants its roles and scopes as authorities.
 */
final class UserAuthentication extends AbstractAuthenticationToken {

	private final AuthenticatedUser user;

	UserAuthentication(AuthenticatedUser user) {
		super(user.authorities());
		this.user = user;
		setAuthenticated(true);
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public AuthenticatedUser getPrincipal() {
		return this.user;
	}

	@Override
	public String getName() {
		return this.user.subject();
	}

}
