package dev.ocrpipe.api.auth;

import java.util.function.Supplier;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.util.StringUtils;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What {@code csrf.spa()} installs, minus the fallback to the {@code _csrf} request parameter:
 * reading a parameter makes Tomcat parse (and spool to disk) a whole form or multipart body, so a
 * bogus session cookie would make an unauthenticated caller's upload be read before its 403. The
 * single-page app sends the token in {@code X-XSRF-TOKEN} only; the token exposed as a request
 * attribute stays masked per request (BREACH), as with {@code spa()}.
 */
final class HeaderCsrfTokenRequestHandler implements CsrfTokenRequestHandler {

	private final CsrfTokenRequestAttributeHandler xor = new XorCsrfTokenRequestAttributeHandler();

	HeaderCsrfTokenRequestHandler() {
		// as spa(): the token is resolved lazily, not rendered into every request's attributes
		this.xor.setCsrfRequestAttributeName(null);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> csrfToken) {
		this.xor.handle(request, response, csrfToken);
	}

	@Override
	public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken csrfToken) {
		String header = request.getHeader(csrfToken.getHeaderName());
		// as spa() with a header (the script echoes the cookie's raw value); without one, no fallback
		return StringUtils.hasText(header) ? header : null;
	}

}
