package dev.ocrpipe.api.uploads;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * When uploads are refused because the backlog is too long.
 *
 * @param maxBacklogPages above this many queued pages (plus jobs not yet planned) uploads get
 * {@code 429 BACKLOG_FULL}; 0 turns admission control off
 * @param retryAfter the {@code Retry-After} told to a refused client
 * @param refresh how long one backlog count is reused (counting is not free)
 */
@Validated
@ConfigurationProperties("ocr.api.admission")
record AdmissionProperties(@DefaultValue("100000") @Min(0) long maxBacklogPages,
		@DefaultValue("30s") @NotNull Duration retryAfter, @DefaultValue("2s") @NotNull Duration refresh) {
}
