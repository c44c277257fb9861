package dev.ocrpipe.worker.ocr;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * How OCR calls are kept within quotas and ridden through faults.
 *
 * @param minConcurrentCalls the floor of the adaptive limit, which moves between this and the
 * {@code gemini} bulkhead's {@code max-concurrent-calls}
 * @param maxAttempts calls per page, the first included, for transient failures
 * @param backoffInitial first wait before a retry (exponential, with full jitter)
 * @param backoffMax longest wait between retries (a longer {@code Retry-After} is honoured)
 * @param deadline the longest one page may spend in OCR, waits included; long enough to ride
 * out an outage the circuit breaker sees
 * @param requestsPerMinute the Gemini project's request quota, for the whole fleet; 0 = no limit
 * @param inputTokensPerMinute the project's input-token quota, for the whole fleet; 0 = no limit
 * @param estimatedInputTokens tokens a page is assumed to use when permits are leased (corrected
 * with the real count after the call)
 * @param leaseSize permits leased from the shared store at once, so the store sees one write per
 * few calls
 */
@Validated
@ConfigurationProperties("ocr.worker.guard")
public record GuardProperties(@DefaultValue("1") @Min(1) @Max(512) int minConcurrentCalls, @DefaultValue("5") @Min(1) @Max(50) int maxAttempts,
		@DefaultValue("1s") @NotNull Duration backoffInitial, @DefaultValue("30s") @NotNull Duration backoffMax,
		@DefaultValue("6m") @NotNull Duration deadline, @DefaultValue("0") @Min(0) int requestsPerMinute,
		@DefaultValue("0") @Min(0) long inputTokensPerMinute, @DefaultValue("1500") @Min(1) int estimatedInputTokens,
		@DefaultValue("5") @Min(1) @Max(1000) int leaseSize) {
}
