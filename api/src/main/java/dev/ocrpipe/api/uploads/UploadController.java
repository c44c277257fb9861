package dev.ocrpipe.api.uploads;

import java.net.URI;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartHttpServletRequest;

import dev.ocrpipe.api.system.RequestIds;
import jakarta.validation.Valid;

/**
 * Upload endpoints: multipart (field {@code file}, repeated for several documents) and base64
 * JSON; one document answers with its job, several with their batch.
 */
@RestController
class UploadController {

	static final String BASE64_PATH = "/api/v1/jobs:base64";

	private final Uploads uploads;

	UploadController(Uploads uploads) {
		this.uploads = uploads;
	}

	@PostMapping(path = "/api/v1/jobs", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<Object> multipart(MultipartHttpServletRequest request) {
		List<MultipartIncomingFile> files = request.getFiles("file")
			.stream()
			.map(MultipartIncomingFile::new)
			.toList();
		return answer(this.uploads.accept(files, RequestIds.current()));
	}

	@PostMapping(path = BASE64_PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Object> base64(@Valid @RequestBody Base64UploadRequest request) {
		return answer(this.uploads.acceptBase64(request, RequestIds.current()));
	}

	private static ResponseEntity<Object> answer(Uploads.Accepted accepted) {
		if (accepted.batchId() == null) {
			var job = accepted.jobs().get(0);
			return ResponseEntity.accepted().location(URI.create(job.links().self())).body(job);
		}
		return ResponseEntity.accepted()
			.location(URI.create("/api/v1/batches/" + accepted.batchId()))
			.body(new BatchAccepted(accepted.batchId(), accepted.jobs()));
	}

	/**
	 * The answer to a multi-document upload.
	 */
	record BatchAccepted(String batchId, List<dev.ocrpipe.api.jobs.JobView> jobs) {
	}

}
