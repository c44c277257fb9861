package dev.ocrpipe.api.system;

import java.io.IOException;
import java.util.List;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Applies the origin allowlist ({@link CorsProperties}) to every cross-origin request before MVC:
 * an allowed origin gets the CORS headers (with credentials), a preflight is answered here, and
 * any other origin gets a 403 problem+json without CORS headers, so its page can read nothing.
 * Same-origin requests and clients that send no {@code Origin} (curl, programs) pass untouched.
 */
public class CorsPolicyFilter extends OncePerRequestFilter {

	private final CorsConfiguration configuration;

	private final ProblemWriter problems;

	private final DefaultCorsProcessor processor = new DefaultCorsProcessor() {

		@Override
		protected void rejectRequest(ServerHttpResponse response) {
			// the filter writes the problem itself
		}

	};

	public CorsPolicyFilter(CorsProperties properties, ProblemWriter problems) {
		this.configuration = configuration(properties);
		this.problems = problems;
	}

	static CorsConfiguration configuration(CorsProperties properties) {
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOrigins(properties.allowedOrigins());
		// credentials (cookies) go only to origins named one by one; "*" (refused in prod) never gets them
		cors.setAllowCredentials(!properties.allowedOrigins().isEmpty() && !properties.allowsAny());
		cors.setAllowedMethods(List.of(HttpMethod.GET.name(), HttpMethod.HEAD.name(), HttpMethod.POST.name(),
				HttpMethod.DELETE.name()));
		cors.setAllowedHeaders(List.of("Content-Type", "Authorization", "Idempotency-Key", "Last-Event-ID",
				RequestIds.HEADER, "X-XSRF-TOKEN"));
		cors.setExposedHeaders(List.of("Location", "Retry-After", RequestIds.HEADER, "RateLimit-Limit",
				"RateLimit-Remaining", "RateLimit-Reset"));
		cors.setMaxAge(properties.maxAge());
		return cors;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!CorsUtils.isCorsRequest(request)) {
			chain.doFilter(request, response);
			return;
		}
		boolean allowed = this.processor.processRequest(this.configuration, request, response);
		if (!allowed) {
			this.problems.write(request, response, new ApiProblem(ProblemCode.CORS_ORIGIN_NOT_ALLOWED,
					"Requests from this origin are not allowed; see ocr.api.cors.allowed-origins."));
			return;
		}
		if (CorsUtils.isPreFlightRequest(request)) {
			response.setStatus(HttpServletResponse.SC_NO_CONTENT);
			return;
		}
		chain.doFilter(request, response);
	}

}
