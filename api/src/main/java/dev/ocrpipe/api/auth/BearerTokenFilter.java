package dev.ocrpipe.api.auth;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.ocrpipe.api.system.RequestCredentials;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Authenticates a request that carries {@code Authorization: Bearer <API token>}: a valid token
 * makes its owner the caller with the token's scopes; an unknown, revoked or expired one is a 401
 * at once (never a fall-back to a cookie sent along). Lives inside the security filter chain, so it
 * is not a bean of its own (Boot would register it as a servlet filter too).
 */
final class BearerTokenFilter extends OncePerRequestFilter {

	static final String INVALID = BearerTokenFilter.class.getName() + ".invalid";

	private static final String BEARER = "bearer ";

	private final ApiTokens tokens;

	private final AuthenticationEntryPoint entryPoint;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	BearerTokenFilter(ApiTokens tokens, AuthenticationEntryPoint entryPoint) {
		this.tokens = tokens;
		this.entryPoint = entryPoint;
	}

	static boolean isBearer(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		return header != null && header.toLowerCase(Locale.ROOT).startsWith(BEARER);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!isBearer(request)) {
			chain.doFilter(request, response);
			return;
		}
		String token = request.getHeader(HttpHeaders.AUTHORIZATION).substring(BEARER.length()).strip();
		Optional<AuthenticatedUser> user = this.tokens.authenticate(token);
		if (user.isEmpty()) {
			this.contexts.clearContext();
			request.setAttribute(INVALID, Boolean.TRUE);
			this.entryPoint.commence(request, response,
					new BadCredentialsException("The API token is unknown, expired or revoked."));
			return;
		}
		RequestCredentials.markVerified(request);
		SecurityContext context = this.contexts.createEmptyContext();
		context.setAuthentication(new UserAuthentication(user.get()));
		this.contexts.setContext(context);
		chain.doFilter(request, response);
	}

}
