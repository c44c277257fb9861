package dev.ocrpipe.api.uploads;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * Per-owner quotas on uploads, so that one caller cannot fill the shared backlog (and spend the
 * fleet's OCR quota) or tie up the API with uploads at once.
 *
 * @param maxBacklogPages an upload is refused with {@code 429 OWNER_BACKLOG_FULL} when the open
 * pages of the owner's running jobs plus their jobs not yet planned (one page each) plus the files
 * of the upload would exceed this; 0 turns the quota off. The default is a tenth of the global
 * {@code ocr.api.admission.max-backlog-pages} and five of the largest documents
 * ({@code ocr.worker.planning.max-pages})
 * @param maxConcurrentUploads upload requests one owner may have in progress on one API instance
 * (from the moment it is authenticated, so while its body is received, until it is answered);
 * more get {@code 429 TOO_MANY_UPLOADS}; 0 turns the quota off
 * @param backlogRetryAfter the {@code Retry-After} told when the owner's backlog is full
 * @param uploadsRetryAfter the {@code Retry-After} told when too many uploads are in progress
 */
@Validated
@ConfigurationProperties("ocr.api.quotas")
record QuotaProperties(@DefaultValue("10000") @Min(0) long maxBacklogPages,
		@DefaultValue("4") @Min(0) int maxConcurrentUploads, @DefaultValue("60s") @NotNull Duration backlogRetryAfter,
		@DefaultValue("5s") @NotNull Duration uploadsRetryAfter) {
}
