package dev.ocrpipe.api.uploads;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import dev.ocrpipe.api.IntegrationTestBase;
import dev.ocrpipe.common.store.Collections;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way an upload is refused: status, code, type, request id and content type.
 */
class UploadErrorsIT extends IntegrationTestBase {

	private static final int KB = 1024;

	@Test
	void emptyFile() {
		assertProblem(multipart(file("empty.pdf", new byte[0], MediaType.APPLICATION_PDF)), 400, "FILE_EMPTY");
	}

	@Test
	void fileOverTheLimit() {
		assertProblem(multipart(file("big.pdf", padded(pdf(1), 70 * KB), MediaType.APPLICATION_PDF)), 413,
				"FILE_TOO_LARGE");
	}

	@Test
	void requestOverTheLimit() {
		byte[] pdf = padded(pdf(1), 60 * KB);
		assertProblem(multipart(file("a.pdf", pdf, null), file("b.pdf", pdf, null), file("c.pdf", pdf, null)), 413,
				"REQUEST_TOO_LARGE");
	}

	@Test
	void bodyOverTheServletMultipartLimitIs413() {
		assertProblem(multipart(file("huge.pdf", padded(pdf(1), 1300 * KB), MediaType.APPLICATION_PDF)), 413,
				"REQUEST_TOO_LARGE");
	}

	@Test
	void tooManyFiles() {
		byte[] png = image("png");
		assertProblem(multipart(file("1.png", png, null), file("2.png", png, null), file("3.png", png, null),
				file("4.png", png, null)), 400, "TOO_MANY_FILES");
	}

	@Test
	void noFilePart() {
		assertProblem(upload("document", List.of(file("a.pdf", pdf(1), MediaType.APPLICATION_PDF)), Map.of()), 400,
				"NO_FILE");
	}

	@Test
	void unrecognisedBytes() {
		assertProblem(multipart(file("notes.pdf", "just text".getBytes(StandardCharsets.UTF_8), null)), 415,
				"UNSUPPORTED_MEDIA_TYPE");
	}

	@Test
	void declaredTypeDisagreesWithBytes() {
		assertProblem(multipart(file("scan.png", image("png"), MediaType.APPLICATION_PDF)), 415, "MEDIA_TYPE_MISMATCH");
		assertProblem(multipart(file("scan.png", image("png"), MediaType.TEXT_PLAIN)), 415, "MEDIA_TYPE_MISMATCH");
	}

	@Test
	void extensionDisagreesWithBytes() {
		assertProblem(multipart(file("scan.png", pdf(1), MediaType.APPLICATION_OCTET_STREAM)), 415,
				"MEDIA_TYPE_MISMATCH");
		assertProblem(multipart(file("letter.docx", pdf(1), null)), 415, "MEDIA_TYPE_MISMATCH");
	}

	@Test
	void unknownExtensionAndGenericTypeAreIgnored() {
		ResponseEntity<String> response = multipart(
				file("scan.0001", pdf(1), MediaType.APPLICATION_OCTET_STREAM));
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
	}

	@Test
	void rejectedMultiFileRequestStoresNothing() {
		long jobs = this.mongo.getCollection(Collections.JOBS).countDocuments();
		long files = this.mongo.getCollection(Collections.UPLOADS_BUCKET + ".files").countDocuments();
		assertProblem(multipart(file("good.pdf", pdf(1), null), file("bad.txt", "hello".getBytes(), null)), 415,
				"UNSUPPORTED_MEDIA_TYPE");
		assertThat(this.mongo.getCollection(Collections.JOBS).countDocuments()).isEqualTo(jobs);
		assertThat(this.mongo.getCollection(Collections.UPLOADS_BUCKET + ".files").countDocuments()).isEqualTo(files);
	}

	@Test
	void base64TooLargeIsRefusedBeforeDecoding() {
		String encoded = Base64.getEncoder().encodeToString(padded(pdf(1), 70 * KB));
		assertProblem(base64(Map.of("filename", "big.pdf", "contentBase64", encoded)), 413, "FILE_TOO_LARGE");
	}

	@Test
	void invalidBase64() {
		assertProblem(base64(Map.of("filename", "a.pdf", "contentBase64", "JVBERi0x%%%")), 400, "INVALID_BASE64");
		assertProblem(base64(Map.of("filename", "a.pdf", "contentBase64", "JVBERi0=x")), 400, "INVALID_BASE64");
	}

	@Test
	void base64WithoutContent() {
		assertProblem(base64(Map.of("filename", "a.pdf")), 400, "NO_FILE");
		assertProblem(base64(Map.of("files", List.of())), 400, "NO_FILE");
		assertProblem(base64(Map.of("contentBase64", "")), 400, "FILE_EMPTY");
	}

	@Test
	void base64FileWithoutContentFailsValidation() {
		JsonNode problem = assertProblem(base64(Map.of("files", List.of(Map.of("filename", "a.pdf")))), 400,
				"VALIDATION_FAILED");
		assertThat(problem.get("errors").get(0).get("field").asString()).contains("contentBase64");
	}

	@Test
	void jsonBodyOverTheCap() {
		// the cap is about 4/3 of max-request-size plus 1 MB; this body is far above it
		String encoded = "A".repeat(1800 * KB);
		assertProblem(base64(Map.of("filename", "a.pdf", "contentBase64", encoded)), 413, "REQUEST_TOO_LARGE");
	}

	@Test
	void malformedJson() {
		assertProblem(this.http.post()
			.uri("/api/v1/jobs:base64")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{not json")
			.retrieve()
			.toEntity(String.class), 400, "MALFORMED_REQUEST");
	}

	@Test
	void frameworkErrorsAreProblems() {
		assertProblem(this.http.get().uri("/api/v1/nothing-here").retrieve().toEntity(String.class), 404,
				"NOT_FOUND");
		assertProblem(this.http.delete().uri("/api/v1/jobs").retrieve().toEntity(String.class), 405,
				"METHOD_NOT_ALLOWED");
		assertProblem(this.http.post()
			.uri("/api/v1/jobs")
			.contentType(MediaType.TEXT_PLAIN)
			.body("x")
			.retrieve()
			.toEntity(String.class), 415, "UNSUPPORTED_CONTENT_TYPE");
	}

	private JsonNode assertProblem(ResponseEntity<String> response, int status, String code) {
		assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
		assertThat(response.getHeaders().getContentType()).isNotNull();
		assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.as(String.valueOf(response.getHeaders().getContentType()))
			.isTrue();
		JsonNode problem = body(response);
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("code").asString()).isEqualTo(code);
		assertThat(problem.get("type").asString())
			.isEqualTo("https://ocrpipe.dev/problems/" + code.toLowerCase().replace('_', '-'));
		assertThat(problem.get("requestId").asString()).isNotBlank()
			.isEqualTo(response.getHeaders().getFirst("X-Request-Id"));
		assertThat(problem.get("title")).isNotNull();
		assertThat(response.getBody()).doesNotContain("Exception").doesNotContain("\tat ");
		return problem;
	}

	private ResponseEntity<String> multipart(Part... files) {
		return upload(files);
	}

	private ResponseEntity<String> base64(Map<String, Object> body) {
		return this.http.post()
			.uri("/api/v1/jobs:base64")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toEntity(String.class);
	}

	private static Part file(String name, byte[] content, MediaType type) {
		return part(name, content, type);
	}

	/** A valid document followed by padding up to {@code size} bytes (PDF readers ignore trailing bytes). */
	private static byte[] padded(byte[] document, int size) {
		return Arrays.copyOf(document, Math.max(size, document.length));
	}

}
