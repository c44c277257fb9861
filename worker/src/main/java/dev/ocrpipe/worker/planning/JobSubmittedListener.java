package dev.ocrpipe.worker.planning;

import org.slf4j.MDC;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.ocrpipe.common.events.JobSubmitted;
import dev.ocrpipe.common.events.Topics;

/**
 * Hands submitted jobs to the planner.
 */
@Component
class JobSubmittedListener {

	private final Planner planner;

	JobSubmittedListener(Planner planner) {
		this.planner = planner;
	}

	@KafkaListener(id = "ocr-planner", topics = Topics.JOB_SUBMITTED, groupId = "ocr-planner",
			containerFactory = "jobSubmittedListenerFactory")
	void on(JobSubmitted submitted) {
		try (var requestId = MDC.putCloseable("requestId", submitted.requestId());
				var jobId = MDC.putCloseable("jobId", submitted.jobId())) {
			this.planner.plan(submitted);
		}
	}

}
