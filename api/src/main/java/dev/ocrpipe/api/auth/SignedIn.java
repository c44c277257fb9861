package dev.ocrpipe.api.auth;

import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Whether the credential a request came with is still good later: for work that outlives its
 * request (an event stream open for up to half an hour), which must end when its caller logs
 * out, the session expires or the API token is revoked or expires.
 */
@Component
public class SignedIn {

	private final Sessions sessions;

	private final ApiTokens tokens;

	SignedIn(Sessions sessions, ApiTokens tokens) {
		this.sessions = sessions;
		this.tokens = tokens;
	}

	/**
	 * A check of the current request's session or token, to be called later from any thread;
	 * each call reads MongoDB. Call it on the request's thread, after authentication.
	 */
	public BooleanSupplier stillValid(HttpServletRequest request) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!(authentication instanceof UserAuthentication user)) {
			return () -> false;
		}
		if (user.getPrincipal().method() == AuthenticatedUser.Method.TOKEN) {
			String tokenId = user.getPrincipal().tokenId();
			return () -> this.tokens.stillValid(tokenId);
		}
		Optional<String> session = this.sessions.idHash(request);
		if (session.isEmpty()) {
			return () -> false;
		}
		String idHash = session.get();
		return () -> this.sessions.stillValid(idHash);
	}

}
