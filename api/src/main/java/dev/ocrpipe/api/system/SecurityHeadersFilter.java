package dev.ocrpipe.api.system;

import java.io.IOException;

import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Puts the browser security headers on every response, errors and event streams included, before
 * anything else can write or commit the response (so a filter that answers early, such as the
 * body limit's 413, carries them too). HSTS only goes out over HTTPS: {@code request.isSecure()},
 * which honours {@code X-Forwarded-Proto} from a trusted proxy under
 * {@code server.forward-headers-strategy=native}.
 */
public class SecurityHeadersFilter extends OncePerRequestFilter {

	/** A same-origin single-page app: scripts, workers (pdf.js), styles, images, XHR/SSE from this origin only; no inline script or style element. */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; worker-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'none'";

	static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";

	static final String PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=()";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		apply(request, response);
		chain.doFilter(request, response);
	}

	static void apply(HttpServletRequest request, HttpServletResponse response) {
		response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Referrer-Policy", "no-referrer");
		response.setHeader("Permissions-Policy", PERMISSIONS_POLICY);
		if (request.isSecure()) {
			response.setHeader("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
		}
		// decoded: /%61pi/v1/jobs reaches the same controllers
		if (RequestPaths.of(request).startsWith("/api/")) {
			// job data is per user and changes: never cached by browsers or proxies
			response.setHeader("Cache-Control", "no-store");
		}
	}

	/** Error pages are rendered in an error dispatch: set the headers again in case they were reset. */
	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

}
