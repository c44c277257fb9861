package dev.ocrpipe.api.ops;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the queue figures are computed: the window throughput and active workers are judged over,
 * and how long one computation serves (the endpoint and the Prometheus scrape read the same one).
 *
 * @param window pages finished in this window give the throughput; workers that finished or
 * hold a page in it count as active
 * @param refresh the figures are computed at most this often
 * @param kafkaTimeout how long the dead-letter count may wait for the broker
 */
@Validated
@ConfigurationProperties("ocr.api.ops")
public record OpsProperties(@DefaultValue("5m") @NotNull Duration window, @DefaultValue("5s") @NotNull Duration refresh,
		@DefaultValue("2s") @NotNull Duration kafkaTimeout) {
}
