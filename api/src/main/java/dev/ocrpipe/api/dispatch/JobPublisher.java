package dev.ocrpipe.api.dispatch;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

import dev.ocrpipe.api.jobs.JobRepository;
import dev.ocrpipe.common.events.JobSubmitted;
import dev.ocrpipe.common.events.Topics;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The single place that publishes {@link JobSubmitted} (keyed by job id) and records the outcome
 * on the job; a publish that fails leaves the job for {@link DispatchRelay}, never loses it. An
 * outbox would slot in here.
 */
@Component
public class JobPublisher {

	private static final Logger log = LoggerFactory.getLogger(JobPublisher.class);

	private final KafkaTemplate<String, Object> kafka;

	private final JobRepository jobs;

	private final DispatchProperties properties;

	private final Clock clock;

	private final MeterRegistry metrics;

	JobPublisher(KafkaTemplate<String, Object> kafka, JobRepository jobs, DispatchProperties properties, Clock clock,
			MeterRegistry metrics) {
		this.kafka = kafka;
		this.jobs = jobs;
		this.properties = properties;
		this.clock = clock;
		this.metrics = metrics;
	}

	/**
	 * Publishes the messages and waits, up to the send timeout in total, for Kafka's
	 * acknowledgements; acknowledged jobs get {@code dispatchedAt}, the others are left for the
	 * relay.
	 * @param messages what to publish
	 * @param source who publishes ({@code upload} or {@code relay}), for logs and metrics
	 * @return the ids of the jobs Kafka acknowledged
	 */
	public List<String> publish(List<JobSubmitted> messages, String source) {
		long deadline = System.nanoTime() + this.properties.sendTimeout().toNanos();
		Map<String, CompletableFuture<SendResult<String, Object>>> sends = new LinkedHashMap<>();
		List<String> acknowledged = new ArrayList<>();
		boolean brokerDown = false;
		for (JobSubmitted message : messages) {
			if (brokerDown) {
				failed(message.jobId(), source, "not sent: an earlier send of this run failed at once", null);
				continue;
			}
			try {
				CompletableFuture<SendResult<String, Object>> send = this.kafka.send(Topics.JOB_SUBMITTED,
						message.jobId(), message);
				sends.put(message.jobId(), send);
				// a send that failed before returning (no metadata within max.block.ms) means the
				// broker is unreachable: don't block once more per remaining message
				brokerDown = send.isCompletedExceptionally();
			}
			catch (RuntimeException ex) {
				failed(message.jobId(), source, "send refused", ex);
				brokerDown = true;
			}
		}
		for (Map.Entry<String, CompletableFuture<SendResult<String, Object>>> send : sends.entrySet()) {
			String jobId = send.getKey();
			try {
				send.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				this.jobs.markDispatched(jobId, this.clock.instant());
				acknowledged.add(jobId);
				count(source, "acknowledged");
			}
			catch (TimeoutException ex) {
				failed(jobId, source, "no acknowledgement within " + this.properties.sendTimeout(), null);
			}
			catch (ExecutionException ex) {
				failed(jobId, source, "send failed", ex.getCause());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				failed(jobId, source, "interrupted while waiting for the acknowledgement", null);
			}
		}
		return acknowledged;
	}

	private void failed(String jobId, String source, String reason, Throwable cause) {
		log.warn("JobSubmitted for job {} ({}) not acknowledged: {}{}; the dispatch relay will republish it", jobId,
				source, reason, (cause != null) ? " (" + cause + ")" : "");
		count(source, "failed");
		try {
			this.jobs.markDispatchFailed(jobId);
		}
		catch (RuntimeException ex) {
			log.warn("Could not record the failed dispatch of job {}: {}", jobId, ex.toString());
		}
	}

	private void count(String source, String outcome) {
		this.metrics.counter("ocr.dispatch", "source", source, "outcome", outcome).increment();
	}

}
