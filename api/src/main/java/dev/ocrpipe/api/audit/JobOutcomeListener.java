package dev.ocrpipe.api.audit;

import java.time.Instant;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

import dev.ocrpipe.common.events.Topics;
import dev.ocrpipe.common.jobs.JobStatus;
import dev.ocrpipe.common.store.AuditFields;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records each job's terminal state ({@code JOB_SUCCEEDED} …, actor {@code system:worker}) from
 * the {@code JobFinished} events on the job-events topic. Exactly once with any number of API
 * instances: the instances share one consumer group (each event goes to one of them), and the
 * record's id is the event's ({@code job:<jobId>:finished:<seq>}), inserted only if absent, so a
 * redelivery after a rebalance or crash finds the first record. Every writer of a terminal state
 * (a worker closing or cancelling a job, the API cancelling a queued one) already publishes this
 * event once, as the winner of a conditional update, so this is the one place to listen.
 */
class JobOutcomeListener {

	static final String ID = "ocr-api-audit";

	private static final Logger log = LoggerFactory.getLogger(JobOutcomeListener.class);

	private final AuditLog audit;

	private final JsonMapper mapper;

	JobOutcomeListener(AuditLog audit, JsonMapper mapper) {
		this.audit = audit;
		this.mapper = mapper;
	}

	/**
	 * Records the event if it is a {@code JobFinished}; a failed write is thrown so that the
	 * container retries it (see {@code AuditConfiguration}).
	 */
	@KafkaListener(id = ID, idIsGroup = false, topics = Topics.JOB_EVENTS, containerFactory = "auditListenerFactory")
	void on(ConsumerRecord<String, String> record) {
		entry(this.mapper, record).ifPresent(this.audit::write);
	}

	/** The terminal state a record reports, if it is a readable {@code JobFinished}. */
	static Optional<AuditEntry> entry(JsonMapper mapper, ConsumerRecord<?, ?> record) {
		if (!(record.value() instanceof String value)) {
			return Optional.empty();
		}
		try {
			JsonNode event = mapper.readTree(value);
			if (!"JobFinished".equals(text(event, "type"))) {
				return Optional.empty();
			}
			return Optional.of(entry(event));
		}
		catch (JacksonException | IllegalArgumentException | NullPointerException ex) {
			log.warn("Audit: ignoring unreadable job event at {}-{}@{}: {}", record.topic(), record.partition(),
					record.offset(), ex.toString());
			return Optional.empty();
		}
	}

	private static AuditEntry entry(JsonNode event) {
		String jobId = text(event, "jobId");
		long seq = event.get("seq").asLong();
		JobStatus status = JobStatus.valueOf(text(event, "status"));
		String errorCode = text(event, "errorCode");
		AuditAction action = AuditAction.finished(status);
		AuditEntry entry = switch (status) {
			case SUCCEEDED, CANCELLED -> AuditEntry.success(action, AuditTarget.job(jobId));
			case PARTIAL -> AuditEntry.failed(action, AuditTarget.job(jobId), "PAGES_FAILED");
			default -> AuditEntry.failed(action, AuditTarget.job(jobId), (errorCode != null) ? errorCode : status.name());
		};
		entry = entry.by(AuditEntry.WORKER)
			.once(AuditFields.jobFinishedId(jobId, seq))
			.at(Instant.parse(text(event, "at")))
			.with("owner", text(event, "owner"))
			.with("batchId", text(event, "batchId"))
			.with("seq", seq)
			.with("errorCode", errorCode);
		JsonNode counts = event.get("counts");
		if (counts != null && counts.isObject()) {
			for (String name : new String[] { "total", "done", "skipped", "failed" }) {
				if (counts.has(name)) {
					entry = entry.with("pages" + Character.toUpperCase(name.charAt(0)) + name.substring(1),
							counts.get(name).asInt());
				}
			}
		}
		return entry;
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value == null || value.isNull()) ? null : value.asString();
	}

}
