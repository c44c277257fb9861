package dev.ocrpipe.worker.messaging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import dev.ocrpipe.common.events.JobEvent;
import dev.ocrpipe.common.events.Topics;

/**
 * Publishes job progress to {@link Topics#JOB_EVENTS}, keyed by job id so one job's events stay in
 * order. Events are notifications: the job and page documents stay the source of truth.
 */
@Component
public class JobEventPublisher {

	private static final Logger log = LoggerFactory.getLogger(JobEventPublisher.class);

	private final KafkaTemplate<String, Object> kafka;

	JobEventPublisher(KafkaTemplate<String, Object> kafka) {
		this.kafka = kafka;
	}

	public void publish(JobEvent event) {
		this.kafka.send(Topics.JOB_EVENTS, event.jobId(), event).whenComplete((result, failure) -> {
			if (failure != null) {
				log.warn("could not publish {} #{} of job {}: {}", event.getClass().getSimpleName(), event.seq(),
						event.jobId(), failure.getMessage());
			}
		});
	}

}
