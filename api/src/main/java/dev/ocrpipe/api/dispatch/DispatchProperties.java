package dev.ocrpipe.api.dispatch;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * How long an upload waits for Kafka, and how the relay finds and republishes jobs that were
 * stored but never acknowledged.
 *
 * @param sendTimeout how long a request waits for Kafka's acknowledgement before answering anyway
 * @param relayEnabled whether this instance runs the relay
 * @param relayInterval pause between two relay runs
 * @param relayMinAge how old an unacknowledged job must be before the relay takes it (longer
 * than a normal publish, so the relay does not race an upload in flight)
 * @param relayBatch the most jobs one relay run republishes
 */
@Validated
@ConfigurationProperties("ocr.api.dispatch")
record DispatchProperties(@DefaultValue("5s") @NotNull Duration sendTimeout,
		@DefaultValue("true") boolean relayEnabled, @DefaultValue("10s") @NotNull Duration relayInterval,
		@DefaultValue("15s") @NotNull Duration relayMinAge, @DefaultValue("100") @Min(1) @Max(10000) int relayBatch) {
}
