package dev.ocrpipe.worker.planning;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Limits checked before a document is split into pages.
 *
 * @param maxPages documents with more pages fail with {@code PDF_TOO_MANY_PAGES}
 */
@Validated
@ConfigurationProperties("ocr.worker.planning")
public record PlanningProperties(@DefaultValue("2000") @Min(1) @Max(100_000) int maxPages) {
}
