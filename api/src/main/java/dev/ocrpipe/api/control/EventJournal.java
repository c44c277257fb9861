package dev.ocrpipe.api.control;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Optional;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

import dev.ocrpipe.common.events.JobEvent;
import dev.ocrpipe.common.events.PageCounts;
import dev.ocrpipe.common.events.Topics;
import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.common.store.EventFields;
import dev.ocrpipe.common.store.JobFields;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's writer of job events, by the same protocol as the worker's: take the job's next
 * {@code eventSeq}, record the event in {@code job_events}, then publish it keyed by job id. The
 * journal entry is what makes the event durable (SSE clients replay from it), so a failed publish
 * is logged, not fatal.
 */
@Component
class EventJournal {

	private static final Logger log = LoggerFactory.getLogger(EventJournal.class);

	private final MongoCollection<Document> jobs;

	private final MongoCollection<Document> events;

	private final KafkaTemplate<String, Object> kafka;

	private final JsonMapper json;

	private final Clock clock;

	EventJournal(MongoTemplate mongo, KafkaTemplate<String, Object> kafka, JsonMapper json, Clock clock) {
		this.jobs = mongo.getCollection(Collections.JOBS);
		this.events = mongo.getCollection(Collections.JOB_EVENTS);
		this.kafka = kafka;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Writes the event that {@code factory} makes from the job's next sequence number and the job
	 * document as it is after taking it.
	 * @return the event, or empty when the job no longer exists
	 */
	<E extends JobEvent> Optional<E> append(String jobId, Factory<E> factory) {
		Document job = this.jobs.findOneAndUpdate(Filters.eq(JobFields.ID, jobId), Updates.inc(JobFields.EVENT_SEQ, 1L),
				new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
		if (job == null) {
			return Optional.empty();
		}
		long seq = ((Number) job.get(JobFields.EVENT_SEQ)).longValue();
		// millisecond precision: the journal's date and the payload's instant say the same
		Instant at = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		E event = factory.create(seq, job, at);
		String payload = this.json.writeValueAsString(event);
		try {
			this.events.insertOne(new Document(EventFields.ID, EventFields.idOf(jobId, seq))
				.append(EventFields.JOB_ID, jobId)
				.append(EventFields.OWNER, event.owner())
				.append(EventFields.BATCH_ID, event.batchId())
				.append(EventFields.SEQ, seq)
				.append(EventFields.TYPE, event.getClass().getSimpleName())
				.append(EventFields.AT, Date.from(at))
				.append(EventFields.PAYLOAD, payload));
		}
		catch (MongoWriteException ex) {
			if (ex.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
				throw ex;
			}
		}
		this.kafka.send(Topics.JOB_EVENTS, jobId, event).whenComplete((result, failure) -> {
			if (failure != null) {
				log.warn("Could not publish {} #{} of job {} (it is in the journal for replay): {}",
						event.getClass().getSimpleName(), seq, jobId, failure.toString());
			}
		});
		return Optional.of(event);
	}

	/**
	 * The page counters of a job document, as events carry them.
	 */
	static PageCounts counts(Document job) {
		Object value = job.get(JobFields.COUNTS);
		Document counts = (value instanceof Document document) ? document : new Document();
		return new PageCounts(integer(counts.get("total")), integer(counts.get("done")), integer(counts.get("skipped")),
				integer(counts.get("failed")));
	}

	private static int integer(Object value) {
		return (value instanceof Number number) ? number.intValue() : 0;
	}

	/**
	 * Builds an event from its sequence number, the job document and the time.
	 */
	@FunctionalInterface
	interface Factory<E extends JobEvent> {

		E create(long seq, Document job, Instant at);

	}

}
