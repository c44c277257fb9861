package dev.ocrpipe.api.dispatch;

import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

import dev.ocrpipe.api.jobs.JobRepository;
import dev.ocrpipe.common.events.JobSubmitted;

/**
 * Republishes QUEUED jobs that were stored but whose {@code JobSubmitted} Kafka never
 * acknowledged (broker outage, timeout, crash between store and publish), in bounded batches on a
 * fixed delay.
 * <p>
 * Every API instance runs it without coordination: two instances may publish the same job, and
 * a late acknowledgement may follow a republish, so a job can be submitted more than once. That
 * is safe because the worker's planner is idempotent per job id (it plans a job once and ignores
 * repeats), which is the at-least-once contract of every topic here.
 */
@Component
class DispatchRelay implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(DispatchRelay.class);

	private final JobRepository jobs;

	private final JobPublisher publisher;

	private final DispatchProperties properties;

	private final Clock clock;

	DispatchRelay(JobRepository jobs, JobPublisher publisher, DispatchProperties properties, Clock clock) {
		this.jobs = jobs;
		this.publisher = publisher;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Registered here rather than with {@code @Scheduled} so that the interval comes from the
	 * validated {@link DispatchProperties} record, not from a second copy of its default.
	 */
	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		if (this.properties.relayEnabled()) {
			registrar.addFixedDelayTask(this::relay, this.properties.relayInterval());
		}
	}

	/**
	 * One relay run: republishes up to {@code relayBatch} due jobs.
	 * @return how many jobs Kafka acknowledged
	 */
	int relay() {
		try {
			List<JobSubmitted> due = this.jobs
				.findUndispatched(this.clock.instant().minus(this.properties.relayMinAge()), this.properties.relayBatch());
			if (due.isEmpty()) {
				return 0;
			}
			log.info("Relaying {} job(s) whose JobSubmitted was never acknowledged", due.size());
			return this.publisher.publish(due, "relay").size();
		}
		catch (RuntimeException ex) {
			log.warn("Dispatch relay run failed; the next run retries: {}", ex.toString());
			return 0;
		}
	}

}
