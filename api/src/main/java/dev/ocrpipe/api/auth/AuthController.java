package dev.ocrpipe.api.auth;

import java.util.List;
import java.util.Set;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Who am I, and logout. {@code GET /api/v1/me} also hands a session its CSRF cookie, so a page
 * loaded after an OIDC login can write.
 */
@RestController
class AuthController {

	private final Sessions sessions;

	private final CsrfCookies csrf;

	AuthController(Sessions sessions, CsrfCookies csrf) {
		this.sessions = sessions;
		this.csrf = csrf;
	}

	@GetMapping("/api/v1/me")
	Me me(@AuthenticationPrincipal AuthenticatedUser user, HttpServletRequest request, HttpServletResponse response) {
		String csrfToken = (user.method() == AuthenticatedUser.Method.SESSION) ? this.csrf.current(request, response)
				: null;
		return new Me(user.subject(), user.name(), user.email(), user.effectiveRoles(),
				user.method().name().toLowerCase(java.util.Locale.ROOT),
				user.scopes().stream().map(Scope::value).sorted().toList(), user.tokenId(), csrfToken);
	}

	@PostMapping("/api/v1/auth/logout")
	ResponseEntity<Void> logout(@AuthenticationPrincipal AuthenticatedUser user, HttpServletRequest request,
			HttpServletResponse response) {
		this.sessions.end(user, request, response);
		this.csrf.clear(request, response);
		return ResponseEntity.noContent().build();
	}

	/**
	 * The caller.
	 *
	 * @param subject owner id of the caller's jobs
	 * @param name display name
	 * @param email e-mail address, or null
	 * @param roles {@code USER}, {@code ADMIN}
	 * @param method {@code session} or {@code token}
	 * @param scopes what this request may do
	 * @param tokenId the token's id when authenticated by one
	 * @param csrfToken a session's CSRF token (also in the {@code XSRF-TOKEN} cookie)
	 */
	record Me(String subject, String name, String email, Set<String> roles, String method, List<String> scopes,
			String tokenId, String csrfToken) {
	}

}
