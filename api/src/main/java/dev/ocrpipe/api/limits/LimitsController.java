package dev.ocrpipe.api.limits;

import java.util.Arrays;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.ocrpipe.common.jobs.DocumentType;

/**
 * Tells a client what an upload may be, so it can refuse a wrong file before sending it; the
 * API checks again when it arrives.
 */
@RestController
class LimitsController {

	static final String PATH = "/api/v1/limits";

	/** The document types the API reads (sniffed by magic bytes, whatever the name says). */
	static final List<String> TYPES = Arrays.stream(DocumentType.values()).map(Enum::name).toList();

	private final UploadLimits uploads;

	LimitsController(UploadLimits uploads) {
		this.uploads = uploads;
	}

	@GetMapping(PATH)
	Limits limits() {
		return new Limits(this.uploads.maxFileSize().toBytes(), this.uploads.maxRequestSize().toBytes(),
				this.uploads.maxFiles(), TYPES);
	}

	/**
	 * What one upload may be.
	 *
	 * @param maxFileBytes the largest file
	 * @param maxRequestBytes the largest request
	 * @param maxFilesPerRequest the most files in one request
	 * @param types the document types read
	 */
	record Limits(long maxFileBytes, long maxRequestBytes, int maxFilesPerRequest, List<String> types) {
	}

}
