package dev.ocrpipe.worker.documents;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * Limits and local storage of documents on a worker.
 *
 * @param maxSize documents larger than this fail with {@code DOCUMENT_TOO_LARGE}
 * @param cacheDir where local copies live; empty for the system temp directory
 * @param cachedDocuments how many documents to keep locally for the pages still to come
 */
@Validated
@ConfigurationProperties("ocr.worker.documents")
public record DocumentProperties(@DefaultValue("200MB") @NotNull DataSize maxSize, Path cacheDir,
		@DefaultValue("16") @Min(1) @Max(1024) int cachedDocuments) {
}
