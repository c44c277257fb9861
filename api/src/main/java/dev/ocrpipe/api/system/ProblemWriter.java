package dev.ocrpipe.api.system;

import java.io.IOException;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an {@link ApiProblem} straight to the response, for filters that run before MVC and so
 * cannot rely on its exception handlers but must answer in the same shape.
 */
@Component
public class ProblemWriter {

	private final JsonMapper mapper;

	ProblemWriter(JsonMapper mapper) {
		this.mapper = mapper;
	}

	public void write(HttpServletRequest request, HttpServletResponse response, ApiProblem problem)
			throws IOException {
		ProblemDetail body = problem.getBody();
		ProblemHandler.decorate(body, problem.getStatusCode().value(), request);
		response.setStatus(problem.getStatusCode().value());
		problem.getHeaders().forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		this.mapper.writeValue(response.getOutputStream(), body);
	}

}
