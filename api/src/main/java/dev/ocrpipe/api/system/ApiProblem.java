package dev.ocrpipe.api.system;

import java.util.Map;

import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An error the API reports on purpose: carries its {@link ProblemCode}, so every feature raises
 * the same RFC 9457 shape without knowing how it is rendered.
 */
public class ApiProblem extends ErrorResponseException {

	private final ProblemCode code;

	public ApiProblem(ProblemCode code, String detail) {
		this(code, detail, Map.of());
	}

	public ApiProblem(ProblemCode code, String detail, Map<String, Object> properties) {
		super(code.status(), body(code, detail, properties), null);
		this.code = code;
	}

	public ProblemCode code() {
		return this.code;
	}

	@Override
	public String getMessage() {
		return this.code + ": " + getBody().getDetail();
	}

	private static ProblemDetail body(ProblemCode code, String detail, Map<String, Object> properties) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(code.status(), detail);
		body.setType(code.type());
		body.setTitle(code.title());
		body.setProperty("code", code.name());
		properties.forEach(body::setProperty);
		return body;
	}

}
