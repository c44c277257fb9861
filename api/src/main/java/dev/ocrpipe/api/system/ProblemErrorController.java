package dev.ocrpipe.api.system;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Renders errors that never reached MVC's exception handlers (container errors, failures while a
 * response streams) in the same problem+json shape instead of Boot's default error body.
 */
@RestController
class ProblemErrorController implements ErrorController {

	@RequestMapping("${server.error.path:/error}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		int status = (code instanceof Integer value) ? value : 500;
		HttpStatus httpStatus = HttpStatus.resolve(status);
		if (httpStatus == null || !httpStatus.isError()) {
			httpStatus = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		ProblemCode problemCode = ProblemCode.forStatus(httpStatus.value());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(httpStatus,
				httpStatus.is5xxServerError() ? "An unexpected error occurred; quote the requestId when reporting it."
						: httpStatus.getReasonPhrase());
		problem.setTitle(problemCode.title());
		problem.setType(problemCode.type());
		problem.setProperty("code", problemCode.name());
		String requestId = RequestIds.of(request);
		if (requestId != null) {
			problem.setProperty("requestId", requestId);
		}
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		if (uri instanceof String path) {
			problem.setInstance(java.net.URI.create(path));
		}
		return ResponseEntity.status(httpStatus).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
