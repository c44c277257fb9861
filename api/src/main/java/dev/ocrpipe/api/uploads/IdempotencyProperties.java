package dev.ocrpipe.api.uploads;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

/**
 * How long an {@code Idempotency-Key} is remembered, and when a request holding one is presumed
 * dead.
 *
 * @param retention how long the answer to a keyed upload is replayed for the same key
 * @param pendingTimeout after this long a key whose request never finished (its API instance
 * died) may be taken by a new request; far longer than storing one request takes
 * @param retryAfter the {@code Retry-After} told to a request whose key is in use by another
 */
@Validated
@ConfigurationProperties("ocr.api.idempotency")
record IdempotencyProperties(@DefaultValue("24h") @NotNull Duration retention,
		@DefaultValue("10m") @NotNull Duration pendingTimeout, @DefaultValue("2s") @NotNull Duration retryAfter) {

	@AssertTrue(message = "retention, pending-timeout and retry-after must be positive, pending-timeout <= retention")
	boolean isConsistent() {
		return this.retention.isPositive() && this.pendingTimeout.isPositive() && this.retryAfter.isPositive()
				&& this.pendingTimeout.compareTo(this.retention) <= 0;
	}

}
