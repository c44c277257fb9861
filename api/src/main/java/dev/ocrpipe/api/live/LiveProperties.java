package dev.ocrpipe.api.live;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * Settings of the live progress streams.
 *
 * @param heartbeat an idle stream gets a {@code : keep-alive} comment at least this often, so
 * proxies do not drop it
 * @param retry the reconnect delay suggested to clients ({@code retry:} on the first frame)
 * @param streamTimeout a stream is closed after this long; the client reconnects with
 * {@code Last-Event-ID} and loses nothing
 * @param buffer events queued per stream for a client that reads slowly; a stream whose buffer
 * overflows is closed (the client reconnects and gets a replay) instead of holding up anyone
 * @param gapWait how long a stream holds back a later event while an earlier one of the same
 * job is neither delivered nor in {@code job_events} (another writer took the number and has not
 * stored it yet); after that the number is taken as lost (its writer died)
 * @param catchUp an idle job or batch stream rereads MongoDB this often, so an event that Kafka
 * never delivered to this instance (consumer restart, rebalance) still reaches the client
 * @param batchCoalesce at most one {@code batch} event per stream per this interval
 * @param resumeSkew how far before the resumed event's time the all-jobs stream replays, to allow
 * for clock skew between writers
 * @param maxReplay most events the all-jobs stream replays on resume; beyond that it sends
 * {@code resync} and the client reloads its job list
 * @param maxTrackedJobs jobs whose last sequence number one all-jobs stream remembers
 * @param maxStreamsPerUser event streams one caller (subject) may hold open on this instance at
 * once; one more is a 429 {@code TOO_MANY_STREAMS}
 * @param recheck an open stream checks this often that its caller's session or API token is
 * still valid (not logged out, expired or revoked) and ends when it is not
 * @param topicPartitions partitions of the job-events topic when the API creates it (the worker
 * declares the same topic with {@code ocr.worker.kafka.job-partitions}; keep them equal)
 */
@Validated
@ConfigurationProperties("ocr.api.live")
record LiveProperties(@DefaultValue("15s") @NotNull Duration heartbeat, @DefaultValue("3s") @NotNull Duration retry,
		@DefaultValue("30m") @NotNull Duration streamTimeout, @DefaultValue("256") @Min(8) @Max(100_000) int buffer,
		@DefaultValue("2s") @NotNull Duration gapWait, @DefaultValue("15s") @NotNull Duration catchUp,
		@DefaultValue("250ms") @NotNull Duration batchCoalesce, @DefaultValue("5s") @NotNull Duration resumeSkew,
		@DefaultValue("5000") @Min(1) @Max(1_000_000) int maxReplay,
		@DefaultValue("10000") @Min(16) @Max(1_000_000) int maxTrackedJobs,
		@DefaultValue("6") @Min(1) @Max(1000) int topicPartitions,
		@DefaultValue("16") @Min(1) @Max(100_000) int maxStreamsPerUser,
		@DefaultValue("1m") @NotNull Duration recheck) {
}
