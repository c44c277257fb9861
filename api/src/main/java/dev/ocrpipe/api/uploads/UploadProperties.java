package dev.ocrpipe.api.uploads;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * Limits on what one upload request may carry; the servlet multipart limits and the JSON body cap
 * are derived from them so the numbers live in one place.
 *
 * @param maxFileSize the largest single document accepted
 * @param maxRequestSize the largest total of all documents in one request
 * @param maxFiles how many documents one request may carry
 */
@Validated
@ConfigurationProperties("ocr.api.uploads")
record UploadProperties(@DefaultValue("50MB") @NotNull DataSize maxFileSize,
		@DefaultValue("200MB") @NotNull DataSize maxRequestSize, @DefaultValue("20") @Min(1) @Max(1000) int maxFiles) {

	/** Slack added to the servlet limits so our own checks, with precise codes, trip first. */
	private static final long SLACK = DataSize.ofMegabytes(1).toBytes();

	@AssertTrue(message = "max-file-size and max-request-size must be positive, max-file-size <= max-request-size")
	boolean isConsistent() {
		return this.maxFileSize.toBytes() > 0 && this.maxRequestSize.toBytes() >= this.maxFileSize.toBytes();
	}

	long servletMaxFileSize() {
		return this.maxFileSize.toBytes() + SLACK;
	}

	long servletMaxRequestSize() {
		return this.maxRequestSize.toBytes() + SLACK;
	}

	/**
	 * The cap of a base64 JSON body: the encoded size of a full request plus room for line breaks
	 * and the JSON around it.
	 */
	long maxJsonBodySize() {
		long encoded = (this.maxRequestSize.toBytes() + 2) / 3 * 4;
		return encoded + encoded / 64 + SLACK;
	}

}
