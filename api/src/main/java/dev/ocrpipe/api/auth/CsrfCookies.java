package dev.ocrpipe.api.auth;

import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The CSRF token of the single-page-app pattern: a cookie {@code XSRF-TOKEN} that the page's
 * script can read (not HttpOnly) and echoes in {@code X-XSRF-TOKEN}; a page of another site can
 * neither read the cookie nor set the header. Rotated at every login and cleared at logout.
 */
final class CsrfCookies {

	static final String COOKIE = "XSRF-TOKEN";

	static final String HEADER = "X-XSRF-TOKEN";

	private final CookieCsrfTokenRepository repository;

	CsrfCookies(boolean secure) {
		this.repository = CookieCsrfTokenRepository.withHttpOnlyFalse();
		this.repository.setCookieName(COOKIE);
		this.repository.setHeaderName(HEADER);
		this.repository.setCookiePath("/");
		this.repository.setCookieCustomizer((cookie) -> cookie.secure(secure).sameSite("Lax"));
	}

	CsrfTokenRepository repository() {
		return this.repository;
	}

	/** A new token for a new session: a token known before the login is worthless after it. */
	String rotate(HttpServletRequest request, HttpServletResponse response) {
		CsrfToken token = this.repository.generateToken(request);
		this.repository.saveToken(token, request, response);
		return token.getToken();
	}

	/**
	 * The browser's token (the cookie's value, which is what the header must echo), or a new one
	 * written to the cookie when it has none.
	 */
	String current(HttpServletRequest request, HttpServletResponse response) {
		CsrfToken token = this.repository.loadToken(request);
		if (token == null) {
			token = this.repository.generateToken(request);
			this.repository.saveToken(token, request, response);
		}
		return token.getToken();
	}

	void clear(HttpServletRequest request, HttpServletResponse response) {
		this.repository.saveToken(null, request, response);
	}

}
