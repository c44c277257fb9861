package dev.ocrpipe.api.dispatch;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Shape of the topics the API declares.
 *
 * @param jobSubmittedPartitions partitions of the {@code JobSubmitted} topic: the most planner
 * instances that can share the work
 */
@Validated
@ConfigurationProperties("ocr.api.kafka")
record TopicProperties(@DefaultValue("6") @Min(1) @Max(1000) int jobSubmittedPartitions) {
}
