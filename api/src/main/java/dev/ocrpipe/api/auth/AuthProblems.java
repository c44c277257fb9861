package dev.ocrpipe.api.auth;

import java.io.IOException;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

import dev.ocrpipe.api.system.ApiProblem;
import dev.ocrpipe.api.system.ProblemCode;
import dev.ocrpipe.api.system.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The 401 and 403 answers of the security filter chain, in the API's problem+json shape with a
 * stable code, never a redirect to a login page: an API client (or the SPA) decides itself how
 * to log in.
 */
final class AuthProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final ProblemWriter problems;

	private final Sessions sessions;

	AuthProblems(ProblemWriter problems, Sessions sessions) {
		this.problems = problems;
		this.sessions = sessions;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		String detail;
		if (request.getAttribute(BearerTokenFilter.INVALID) != null) {
			detail = "The API token is unknown, expired or revoked.";
		}
		else if (request.getAttribute(Sessions.EXPIRED) != null) {
			detail = "Your session has ended (it expired or you logged out); log in again.";
			this.sessions.clearCookie(response);
		}
		else {
			detail = "Log in, or send an API token as 'Authorization: Bearer <token>'.";
		}
		ApiProblem problem = new ApiProblem(ProblemCode.UNAUTHENTICATED, detail);
		problem.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ocrpipe\"");
		write(request, response, problem);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		if (ex instanceof CsrfException) {
			write(request, response, new ApiProblem(ProblemCode.CSRF_INVALID,
					"A request authenticated by the session cookie must echo the XSRF-TOKEN cookie in the X-XSRF-TOKEN header."));
			return;
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof UserAuthentication user
				&& user.getPrincipal().method() == AuthenticatedUser.Method.TOKEN) {
			write(request, response, tokenScope(request));
			return;
		}
		write(request, response, new ApiProblem(ProblemCode.FORBIDDEN, "You may not do this."));
	}

	private static ApiProblem tokenScope(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (SecurityConfiguration.OPS_VIEWS.stream().anyMatch(path::startsWith)) {
			return new ApiProblem(ProblemCode.TOKEN_SCOPE,
					"Ops views (the audit trail, actuator endpoints) need an admin's browser session; "
							+ "API tokens cannot use them.");
		}
		if (SecurityConfiguration.SESSION_ONLY.stream().anyMatch(path::startsWith)) {
			return new ApiProblem(ProblemCode.TOKEN_SCOPE,
					"API tokens cannot manage tokens or sessions; use a browser session.");
		}
		Scope needed = SecurityConfiguration.isRead(request) ? Scope.JOBS_READ : Scope.JOBS_WRITE;
		return new ApiProblem(ProblemCode.TOKEN_SCOPE, "This token lacks the scope " + needed.value() + ".",
				Map.of("requiredScope", needed.value()));
	}

	private void write(HttpServletRequest request, HttpServletResponse response, ApiProblem problem)
			throws IOException {
		if (response.isCommitted()) {
			return;
		}
		this.problems.write(request, response, problem);
	}

}
