package dev.ocrpipe.api.auth;

import java.io.IOException;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

import dev.ocrpipe.api.system.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The end of an OIDC login (authorization code + PKCE): the provider's user becomes an
 * {@link Identity} and gets the same session a test login gets, then the browser goes to the app.
 * <p>
 * The subject is {@code <iss>#<sub>}: OIDC promises only that {@code sub} is unique and stable
 * within its issuer, so two providers (or two realms of one) may hand out the same {@code sub};
 * an issuer URL never contains {@code #}, so the pair cannot be ambiguous. E-mail addresses change
 * and can be reused, so they name no owner (they may name an admin, when verified).
 */
final class OidcLogin implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

	private static final Logger log = LoggerFactory.getLogger(OidcLogin.class);

	private final Sessions sessions;

	private final Admins admins;

	private final CsrfCookies csrf;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	OidcLogin(Sessions sessions, Admins admins, CsrfCookies csrf, ApplicationEventPublisher events, Clock clock) {
		this.sessions = sessions;
		this.admins = admins;
		this.csrf = csrf;
		this.events = events;
		this.clock = clock;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		Identity identity = identity(authentication);
		this.sessions.start(identity, new Admins.Grounds(verifiedEmail(authentication), false), "oidc", request,
				response);
		this.csrf.rotate(request, response);
		response.sendRedirect(request.getContextPath() + "/");
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		// the provider's or the library's text (endpoints, client ids, token excerpts) goes to the log;
		// the audit trail, which admins read, keeps the OAuth 2.0 error code alone
		log.info("OIDC login refused: {}", exception.toString());
		this.events.publishEvent(new AuthEvent.LoginFailed(null, this.sessions.clientIp(request), RequestIds.of(request),
				this.clock.instant(), "oidc", reasonCode(exception)));
		response.sendRedirect(request.getContextPath() + "/?login=failed");
	}

	/** An OAuth 2.0 error code ({@code access_denied}, {@code invalid_token_response} …), never free text. */
	static String reasonCode(AuthenticationException exception) {
		if (exception instanceof OAuth2AuthenticationException oauth && oauth.getError() != null
				&& oauth.getError().getErrorCode() != null
				&& oauth.getError().getErrorCode().matches("[a-z0-9_]{1,64}")) {
			return oauth.getError().getErrorCode();
		}
		return "login_failed";
	}

	Identity identity(Authentication authentication) {
		if (authentication.getPrincipal() instanceof OidcUser user) {
			String subject = user.getIssuer() + "#" + user.getSubject();
			String email = user.getEmail();
			String verified = Boolean.TRUE.equals(user.getEmailVerified()) ? email : null;
			return new Identity(subject, displayName(user.getFullName(), user.getPreferredUsername(), email, subject),
					email, this.admins.roles(subject, verified, false));
		}
		// a plain OAuth2 provider (no id token): the registration stands in for the issuer
		OAuth2User user = (OAuth2User) authentication.getPrincipal();
		String registration = (authentication instanceof OAuth2AuthenticationToken token)
				? token.getAuthorizedClientRegistrationId() : "oauth2";
		String subject = registration + "#" + user.getName();
		return new Identity(subject, displayName(user.getAttribute("name"), null, null, subject), null,
				this.admins.roles(subject, null, false));
	}

	private static String verifiedEmail(Authentication authentication) {
		if (authentication.getPrincipal() instanceof OidcUser user && Boolean.TRUE.equals(user.getEmailVerified())) {
			return user.getEmail();
		}
		return null;
	}

	private static String displayName(String... candidates) {
		for (String candidate : candidates) {
			if (candidate != null && !candidate.isBlank()) {
				return candidate;
			}
		}
		return "";
	}

}
