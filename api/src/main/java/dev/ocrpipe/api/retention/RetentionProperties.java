package dev.ocrpipe.api.retention;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * How long finished jobs are kept, and how the sweeper that removes them runs.
 *
 * @param finishedJobs how long a job is kept after it finished (SUCCEEDED, PARTIAL, FAILED,
 * CANCELLED), with its pages (the results), events and stored upload; 0 keeps them forever
 * @param interval pause between two sweeps of one instance
 * @param batch jobs removed per sweep at most (the next sweep continues)
 * @param lease how long one instance's claim on a job holds before another may take it over
 */
@Validated
@ConfigurationProperties("ocr.api.retention")
record RetentionProperties(@DefaultValue("30d") @NotNull Duration finishedJobs,
		@DefaultValue("15m") @NotNull Duration interval, @DefaultValue("200") @Min(1) @Max(10_000) int batch,
		@DefaultValue("10m") @NotNull Duration lease) {

	@AssertTrue(message = "finished-jobs must be 0 (keep forever) or positive; interval and lease must be positive")
	boolean isConsistent() {
		return !this.finishedJobs.isNegative() && this.interval.isPositive() && this.lease.isPositive();
	}

	boolean keepsForever() {
		return this.finishedJobs.isZero();
	}

}
