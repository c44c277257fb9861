package dev.ocrpipe.api.system;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The path of a request as the container dispatches it and Spring Security and MVC match it:
 * decoded, normalised and without path parameters. Classifying a request on
 * {@code getRequestURI()} instead, which is still encoded, lets {@code /%61pi/v1/jobs} reach the
 * jobs endpoints while escaping every rule written for {@code /api/...}.
 */
public final class RequestPaths {

	private RequestPaths() {
	}

	/** The request's path within the application ({@code /api/v1/jobs}), decoded. */
	public static String of(HttpServletRequest request) {
		String servletPath = request.getServletPath();
		String pathInfo = request.getPathInfo();
		String path = (servletPath != null ? servletPath : "") + ((pathInfo != null) ? pathInfo : "");
		return path.isEmpty() ? "/" : path;
	}

}
