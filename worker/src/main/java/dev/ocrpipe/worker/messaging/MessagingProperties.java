package dev.ocrpipe.worker.messaging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * Topic sizes and redelivery settings. Partitions bound how many workers share a topic, not how
 * many pages one worker processes at once ({@code ocr.worker.pages.concurrency} does that).
 *
 * @param pagePartitions partitions of the page topic: the most workers that can take pages at once
 * @param jobPartitions partitions of the job-submitted and job-events topics
 * @param replicas replication factor of the topics the worker creates
 * @param retryInitial first wait before a failed record is delivered again
 * @param retryMax longest wait between redeliveries
 * @param retryElapsed after this long a failing record goes to its dead-letter topic
 */
@Validated
@ConfigurationProperties("ocr.worker.kafka")
public record MessagingProperties(@DefaultValue("12") @Min(1) @Max(1000) int pagePartitions,
		@DefaultValue("6") @Min(1) @Max(1000) int jobPartitions, @DefaultValue("1") @Min(1) @Max(7) short replicas,
		@DefaultValue("1s") @NotNull Duration retryInitial, @DefaultValue("30s") @NotNull Duration retryMax,
		@DefaultValue("2m") @NotNull Duration retryElapsed) {
}
