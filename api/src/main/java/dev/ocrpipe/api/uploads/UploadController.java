package dev.ocrpipe.api.uploads;

import java.io.IOException;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartHttpServletRequest;

import dev.ocrpipe.api.system.RequestIds;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Upload endpoints: multipart (field {@code file}, repeated for several documents) and base64
 * JSON; one document answers with its job, several with their batch. An {@code Idempotency-Key}
 * header makes a retried request return the first answer instead of creating jobs again.
 */
@RestController
class UploadController {

	static final String UPLOAD_PATH = "/api/v1/jobs";

	static final String BASE64_PATH = "/api/v1/jobs:base64";

	private final Uploads uploads;

	private final Base64Requests base64;

	UploadController(Uploads uploads, Base64Requests base64) {
		this.uploads = uploads;
		this.base64 = base64;
	}

	@PostMapping(path = UPLOAD_PATH, consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<Object> multipart(MultipartHttpServletRequest request,
			@RequestHeader(name = IdempotencyKey.HEADER, required = false) String idempotencyKey) {
		IdempotencyKey key = IdempotencyKey.parse(idempotencyKey);
		List<MultipartIncomingFile> files = request.getFiles("file")
			.stream()
			.map(MultipartIncomingFile::new)
			.toList();
		return answer(this.uploads.accept(files, RequestIds.current(), key));
	}

	/**
	 * The body is read here, as a stream, rather than bound by MVC: a document may be hundreds of
	 * megabytes of base64, decoded straight into spool files (see {@link Base64Requests}).
	 */
	@PostMapping(path = BASE64_PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Object> base64(HttpServletRequest request,
			@RequestHeader(name = IdempotencyKey.HEADER, required = false) String idempotencyKey) throws IOException {
		IdempotencyKey key = IdempotencyKey.parse(idempotencyKey);
		try (Base64Upload upload = this.base64.read(new ServletServerHttpRequest(request))) {
			return answer(this.uploads.acceptBase64(upload, RequestIds.current(), key));
		}
	}

	/**
	 * 202 with the new job or batch; 200 with the very same body when an idempotency key replays an
	 * earlier request. A stored body is JSON text, written as it is.
	 */
	private static ResponseEntity<Object> answer(Uploads.Answer answer) {
		ResponseEntity.BodyBuilder response = (answer.replayed() ? ResponseEntity.ok() : ResponseEntity.accepted())
			.location(answer.location());
		if (answer.body() instanceof String json) {
			response.contentType(MediaType.APPLICATION_JSON);
			return response.body(json);
		}
		return response.body(answer.body());
	}

}
