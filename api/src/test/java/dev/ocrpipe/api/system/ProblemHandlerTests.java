package dev.ocrpipe.api.system;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.ServletWebRequest;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemHandlerTests {

	@Test
	void unexpectedErrorsBecomeInternalErrorWithoutDetailsOfTheCause() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/jobs");
		request.setAttribute(RequestIds.ATTRIBUTE, "req-42");

		ResponseEntity<Object> response = new ProblemHandler()
			.unexpected(new IllegalStateException("secret connection string"), new ServletWebRequest(request));

		assertThat(response.getStatusCode().value()).isEqualTo(500);
		ProblemDetail problem = (ProblemDetail) response.getBody();
		assertThat(problem.getType()).hasToString("https://ocrpipe.dev/problems/internal-error");
		assertThat(problem.getProperties()).containsEntry("code", "INTERNAL_ERROR").containsEntry("requestId", "req-42");
		assertThat(problem.getDetail()).doesNotContain("secret");
		assertThat(problem.getProperties().values()).noneMatch((value) -> String.valueOf(value).contains("secret"));
	}

	@Test
	void serverErrorsOfTheFrameworkOrLibrariesKeepTheirStatusButNotTheirText() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/jobs");
		org.springframework.web.ErrorResponseException fromALibrary = new org.springframework.web.ErrorResponseException(
				org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE,
				ProblemDetail.forStatusAndDetail(org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE,
						"Timed out after 30000 ms while waiting for a server; cluster: mongo-0.internal:27017"),
				null);

		ResponseEntity<Object> response = new ProblemHandler().handleException(fromALibrary,
				new ServletWebRequest(request));

		assertThat(response.getStatusCode().value()).isEqualTo(503);
		ProblemDetail problem = (ProblemDetail) response.getBody();
		assertThat(problem.getProperties()).containsEntry("code", "SERVICE_UNAVAILABLE");
		assertThat(problem.getDetail()).doesNotContain("mongo", "Timed out").isNotBlank();
	}

	@Test
	void requestIdsAreAcceptedOnlyWhenShortAndSafe() {
		assertThat(RequestIds.acceptOrGenerate("abc-DEF_1.2")).isEqualTo("abc-DEF_1.2");
		assertThat(RequestIds.acceptOrGenerate("x".repeat(65))).isNotEqualTo("x".repeat(65)).hasSize(32);
		assertThat(RequestIds.acceptOrGenerate("a b")).isNotEqualTo("a b");
		assertThat(RequestIds.acceptOrGenerate("<script>")).matches("[0-9a-f]{32}");
		assertThat(RequestIds.acceptOrGenerate(null)).matches("[0-9a-f]{32}");
		MDC.clear();
	}

	@Test
	void typeUrisAreKebabCaseOfTheCode() {
		assertThat(ProblemCode.MEDIA_TYPE_MISMATCH.type())
			.hasToString("https://ocrpipe.dev/problems/media-type-mismatch");
		assertThat(ProblemCode.FILE_TOO_LARGE.status().value()).isEqualTo(413);
	}

}
