package dev.ocrpipe.api.system;

import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.exc.StreamConstraintsException;

/**
 * Turns every error raised in MVC into one RFC 9457 shape: a stable {@code type}, a {@code code}
 * and the {@code requestId}; field errors are listed, and internal errors never leak a trace.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	/** What a caller learns of an internal error: the request id in the body finds the log. */
	static final String INTERNAL_DETAIL = "An unexpected error occurred; quote the requestId when reporting it.";

	@ExceptionHandler(ApiProblem.class)
	ResponseEntity<Object> apiProblem(ApiProblem ex, WebRequest request) {
		return handleExceptionInternal(ex, ex.getBody(), ex.getHeaders(), ex.getStatusCode(), request);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
		if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION,
				RequestAttributes.SCOPE_REQUEST) instanceof SocketTimeoutException) {
			// the body stopped arriving or trickled (408, already sent by the container); MVC went on
			// without it, and what failed next is no error of ours
			log.debug("Request handled after its body timed out", ex);
		}
		else {
			log.error("Unexpected error", ex);
		}
		ApiProblem problem = new ApiProblem(ProblemCode.INTERNAL_ERROR, INTERNAL_DETAIL);
		return handleExceptionInternal(problem, problem.getBody(), new HttpHeaders(), problem.getStatusCode(),
				request);
	}

	@ExceptionHandler(MultipartException.class)
	ResponseEntity<Object> multipart(MultipartException ex, WebRequest request) {
		if (BodyTooLarge.in(ex) || causedBy(ex, MaxUploadSizeExceededException.class)) {
			return tooLarge(request);
		}
		ApiProblem problem = new ApiProblem(ProblemCode.MALFORMED_REQUEST,
				"The multipart request could not be read.");
		return handleExceptionInternal(problem, problem.getBody(), new HttpHeaders(), problem.getStatusCode(),
				request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMaxUploadSizeExceededException(
			MaxUploadSizeExceededException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return tooLarge(request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (BodyTooLarge.in(ex)) {
			return tooLarge(request);
		}
		if (causedBy(ex, StreamConstraintsException.class)) {
			// a string (or name, number, nesting) over the JSON parser's caps, e.g. max-json-string-length
			ApiProblem problem = new ApiProblem(ProblemCode.REQUEST_TOO_LARGE,
					"A value in the JSON body exceeds the size this API accepts.");
			return handleExceptionInternal(problem, problem.getBody(), new HttpHeaders(), problem.getStatusCode(),
					request);
		}
		ApiProblem problem = new ApiProblem(ProblemCode.MALFORMED_REQUEST, "The request body could not be read.");
		return handleExceptionInternal(problem, problem.getBody(), headers, problem.getStatusCode(), request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, Object>> errors = new ArrayList<>();
		ex.getBindingResult().getGlobalErrors().forEach((error) -> errors.add(fieldError(error.getObjectName(), error)));
		ex.getBindingResult().getFieldErrors().forEach((error) -> errors.add(fieldError(error.getField(), error)));
		return validationFailed(errors, headers, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
			HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, Object>> errors = new ArrayList<>();
		ex.getParameterValidationResults().forEach((result) -> {
			String name = result.getMethodParameter().getParameterName();
			result.getResolvableErrors().forEach((error) -> errors.add(fieldError(name, error)));
		});
		return validationFailed(errors, headers, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String field = (ex instanceof MethodArgumentTypeMismatchException mismatch) ? mismatch.getName()
				: ex.getPropertyName();
		String type = (ex.getRequiredType() != null) ? ex.getRequiredType().getSimpleName() : "value";
		return validationFailed(List.of(Map.of("field", (field != null) ? field : "", "message", "must be a " + type)),
				headers, request);
	}

	/**
	 * Every other framework error keeps its status, and gains our code, type and request id; it
	 * keeps its detail only below 500: a server error's text (from Spring, a driver, a client
	 * library) may name hosts, queries or configuration, so it goes to the log and the caller gets
	 * the sentence every internal error gets.
	 */
	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail problem) {
			if (statusCode.is5xxServerError() && !ours(problem)) {
				log.warn("Server error {} answered without its detail: {}", statusCode.value(), problem.getDetail());
				problem.setDetail(INTERNAL_DETAIL);
			}
			decorate(problem, statusCode.value(), servletRequest(request));
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	private static boolean ours(ProblemDetail problem) {
		return problem.getProperties() != null && problem.getProperties().containsKey("code");
	}

	static void decorate(ProblemDetail problem, int status, @Nullable HttpServletRequest request) {
		Map<String, Object> properties = problem.getProperties();
		if (properties == null || !properties.containsKey("code")) {
			ProblemCode code = ProblemCode.forStatus(status);
			problem.setType(code.type());
			problem.setProperty("code", code.name());
			if (problem.getTitle() == null) {
				problem.setTitle(code.title());
			}
		}
		String requestId = (request != null) ? RequestIds.of(request) : RequestIds.current();
		if (requestId != null) {
			problem.setProperty("requestId", requestId);
		}
		if (request != null && problem.getInstance() == null) {
			problem.setInstance(java.net.URI.create(request.getRequestURI()));
		}
	}

	private ResponseEntity<Object> tooLarge(WebRequest request) {
		ApiProblem problem = new ApiProblem(ProblemCode.REQUEST_TOO_LARGE,
				"The request body exceeds the size this API accepts.");
		return handleExceptionInternal(problem, problem.getBody(), new HttpHeaders(), problem.getStatusCode(),
				request);
	}

	private ResponseEntity<Object> validationFailed(List<Map<String, Object>> errors, HttpHeaders headers,
			WebRequest request) {
		ApiProblem problem = new ApiProblem(ProblemCode.VALIDATION_FAILED, "The request has invalid fields.",
				Map.of("errors", errors));
		return handleExceptionInternal(problem, problem.getBody(), headers, problem.getStatusCode(), request);
	}

	private static Map<String, Object> fieldError(@Nullable String field, MessageSourceResolvable error) {
		String message = (error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is invalid";
		if (error instanceof FieldError fieldError && fieldError.getField() != null) {
			field = fieldError.getField();
		}
		return Map.of("field", (field != null) ? field : "", "message", message);
	}

	private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return true;
			}
		}
		return false;
	}

	private static @Nullable HttpServletRequest servletRequest(WebRequest request) {
		if (request instanceof ServletWebRequest servlet) {
			return servlet.getRequest();
		}
		if (request instanceof NativeWebRequest nativeRequest) {
			return nativeRequest.getNativeRequest(HttpServletRequest.class);
		}
		return null;
	}

}
