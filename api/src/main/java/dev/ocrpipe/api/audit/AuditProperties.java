package dev.ocrpipe.api.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * How long the audit trail is kept and how the API learns of jobs' terminal states.
 *
 * @param retention how long an audit event is kept (the TTL index on {@code at}; a change applies
 * to every stored event at the next start, shorter or longer)
 * @param consumerGroup the Kafka consumer group, shared by every API instance, that records jobs'
 * terminal states from the job-events topic (one instance handles each event; offsets are
 * committed, so events published while every instance was down are recorded afterwards)
 */
@Validated
@ConfigurationProperties("ocr.api.audit")
record AuditProperties(@DefaultValue("365d") @NotNull Duration retention,
		@DefaultValue("ocr-api-audit") @NotBlank String consumerGroup) {

	@AssertTrue(message = "retention must be at least 1s and at most 68 years (MongoDB's TTL limit)")
	boolean isConsistent() {
		return this.retention.toSeconds() >= 1 && this.retention.toSeconds() <= Integer.MAX_VALUE;
	}

}
