package dev.ocrpipe.api.jobs;

import java.util.Locale;
import java.util.Map;

import org.springframework.http.MediaType;

import dev.ocrpipe.api.system.ApiProblem;
import dev.ocrpipe.api.system.ProblemCode;

/**
 * The formats a finished job's text can be downloaded in.
 */
enum ResultFormat {

	TXT("txt", new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8)),
	MD("md", new MediaType("text", "markdown", java.nio.charset.StandardCharsets.UTF_8)),
	JSON("json", MediaType.APPLICATION_JSON);

	private final String extension;

	private final MediaType mediaType;

	ResultFormat(String extension, MediaType mediaType) {
		this.extension = extension;
		this.mediaType = mediaType;
	}

	String extension() {
		return this.extension;
	}

	MediaType mediaType() {
		return this.mediaType;
	}

	static ResultFormat parse(String value) {
		String format = (value == null || value.isBlank()) ? "txt" : value.strip().toLowerCase(Locale.ROOT);
		return switch (format) {
			case "txt", "text" -> TXT;
			case "md", "markdown" -> MD;
			case "json" -> JSON;
			default -> throw new ApiProblem(ProblemCode.VALIDATION_FAILED, "Unknown result format.",
					Map.of("errors", java.util.List.of(Map.of("field", "format", "message", "must be txt, md or json"))));
		};
	}

}
