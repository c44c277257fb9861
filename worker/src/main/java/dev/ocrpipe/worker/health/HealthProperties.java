package dev.ocrpipe.worker.health;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * How the worker heals its Kafka listeners, and when it gives up and reports itself sick.
 *
 * @param checkInterval how often every listener container that should run is checked to be
 * running with all its consumers (stops are also noticed at once from the containers' events)
 * @param restartBackoff wait before the first restart of a stopped container; doubled for each
 * further restart within {@code restartWindow}
 * @param restartBackoffMax the longest wait before a restart
 * @param maxRestarts restarts of one container allowed within {@code restartWindow}; one more stop
 * makes the worker report liveness and readiness DOWN
 * @param restartWindow the window the restart budget counts in
 * @param stuckAfter a consumer that has not polled for this long is stuck (its thread hangs):
 * the worker reports DOWN; longer than a page consumer may legitimately wait for page slots
 */
@Validated
@ConfigurationProperties("ocr.worker.health")
public record HealthProperties(@DefaultValue("5s") @NotNull Duration checkInterval,
		@DefaultValue("1s") @NotNull Duration restartBackoff, @DefaultValue("30s") @NotNull Duration restartBackoffMax,
		@DefaultValue("5") @Min(0) @Max(100) int maxRestarts, @DefaultValue("10m") @NotNull Duration restartWindow,
		@DefaultValue("2h") @NotNull Duration stuckAfter) {
}
