package dev.ocrpipe.api.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The upload limits as clients should know them: bound from the same {@code ocr.api.uploads}
 * settings the upload code enforces (and validates), so the web app's checks follow the
 * deployment's configuration rather than constants.
 *
 * @param maxFileSize the largest file
 * @param maxRequestSize the largest request (all files of one upload)
 * @param maxFiles the most files in one request
 */
@ConfigurationProperties("ocr.api.uploads")
public record UploadLimits(@DefaultValue("50MB") DataSize maxFileSize, @DefaultValue("200MB") DataSize maxRequestSize,
		@DefaultValue("20") int maxFiles) {
}
