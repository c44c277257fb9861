package dev.ocrpipe.api.uploads;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The JSON body of {@code POST /api/v1/jobs:base64}: either one document ({@code filename},
 * {@code contentBase64}) or several in {@code files}.
 */
record Base64UploadRequest(@Size(max = 4096) String filename, String contentBase64, @Valid List<@NotNull @Valid File> files) {

	/**
	 * One base64 document of a multi-document request.
	 */
	record File(@Size(max = 4096) String filename, @NotNull String contentBase64) {
	}

}
