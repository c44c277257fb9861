package dev.ocrpipe.worker.messaging;

import java.util.Date;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import dev.ocrpipe.common.events.JobEvent;
import dev.ocrpipe.common.events.Topics;
import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.common.store.EventFields;

/**
 * Records job progress in {@code job_events} (for clients that need a replay) and then publishes
 * it to {@link Topics#JOB_EVENTS}, keyed by job id so one job's events stay in order. Events are
 * notifications: the job and page documents stay the source of truth.
 */
@Component
public class JobEventPublisher {

	private static final Logger log = LoggerFactory.getLogger(JobEventPublisher.class);

	private final KafkaTemplate<String, Object> kafka;

	private final MongoCollection<Document> journal;

	private final JsonMapper json;

	JobEventPublisher(KafkaTemplate<String, Object> kafka, MongoTemplate mongo, JsonMapper json) {
		this.kafka = kafka;
		this.journal = mongo.getCollection(Collections.JOB_EVENTS);
		this.json = json;
	}

	public void publish(JobEvent event) {
		String payload = this.json.writeValueAsString(event);
		try {
			this.journal.insertOne(new Document(EventFields.ID, EventFields.idOf(event.jobId(), event.seq()))
				.append(EventFields.JOB_ID, event.jobId())
				.append(EventFields.OWNER, event.owner())
				.append(EventFields.BATCH_ID, event.batchId())
				.append(EventFields.SEQ, event.seq())
				.append(EventFields.TYPE, event.getClass().getSimpleName())
				.append(EventFields.AT, Date.from(event.at()))
				.append(EventFields.PAYLOAD, payload));
		}
		catch (MongoWriteException ex) {
			if (ex.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
				throw ex;
			}
			// written by an earlier delivery of the same work: publish it again all the same
		}
		this.kafka.send(Topics.JOB_EVENTS, event.jobId(), event).whenComplete((result, failure) -> {
			if (failure != null) {
				log.warn("could not publish {} #{} of job {}: {}", event.getClass().getSimpleName(), event.seq(),
						event.jobId(), failure.getMessage());
			}
		});
	}

}
