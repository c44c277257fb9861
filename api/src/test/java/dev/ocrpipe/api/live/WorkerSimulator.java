package dev.ocrpipe.api.live;

import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.function.Function;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

import dev.ocrpipe.common.events.JobEvent;
import dev.ocrpipe.common.events.PageCounts;
import dev.ocrpipe.common.events.Topics;
import dev.ocrpipe.common.jobs.JobStatus;
import dev.ocrpipe.common.jobs.PageStatus;
import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.common.store.EventFields;
import dev.ocrpipe.common.store.JobFields;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes job events the way workers and the API do (take the next {@code eventSeq}, store in
 * {@code job_events}, publish to the topic keyed by job id), with each step callable on its own so
 * tests can reorder, delay or skip them.
 */
final class WorkerSimulator implements AutoCloseable {

	private final MongoTemplate mongo;

	private final KafkaTemplate<String, String> kafka;

	private final JsonMapper json = JsonMapper.builder().build();

	WorkerSimulator(MongoTemplate mongo, String bootstrapServers) {
		this.mongo = mongo;
		this.kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.LINGER_MS_CONFIG, 0),
				new StringSerializer(), new StringSerializer()));
	}

	/**
	 * A sequence number taken for a job, with what an event needs.
	 */
	record Taken(String jobId, String owner, String batchId, long seq) {

		JobEvent page(int page, PageCounts counts, String preview) {
			return new JobEvent.PageFinished(this.jobId, this.owner, this.batchId, this.seq, Instant.now(), page,
					PageStatus.DONE, "gemini", preview, null, counts);
		}

		JobEvent page(int page, PageCounts counts) {
			return page(page, counts, "text of page " + page);
		}

		JobEvent started(int pages) {
			return new JobEvent.JobStarted(this.jobId, this.owner, this.batchId, this.seq, Instant.now(), pages);
		}

		JobEvent finished(JobStatus status, PageCounts counts) {
			return new JobEvent.JobFinished(this.jobId, this.owner, this.batchId, this.seq, Instant.now(), status, null,
					null, counts);
		}

	}

	Taken take(String jobId) {
		Document job = this.mongo.getCollection(Collections.JOBS)
			.findOneAndUpdate(new Document(JobFields.ID, jobId), Updates.inc(JobFields.EVENT_SEQ, 1L),
					new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
		return new Taken(jobId, job.getString(JobFields.OWNER), job.getString(JobFields.BATCH_ID),
				((Number) job.get(JobFields.EVENT_SEQ)).longValue());
	}

	String store(JobEvent event) {
		String payload = this.json.writeValueAsString(event);
		Document document = new Document(EventFields.ID, EventFields.idOf(event.jobId(), event.seq()))
			.append(EventFields.JOB_ID, event.jobId())
			.append(EventFields.OWNER, event.owner())
			.append(EventFields.SEQ, event.seq())
			.append(EventFields.TYPE, event.getClass().getSimpleName())
			.append(EventFields.AT, Date.from(event.at()))
			.append(EventFields.PAYLOAD, payload);
		if (event.batchId() != null) {
			document.append(EventFields.BATCH_ID, event.batchId());
		}
		this.mongo.getCollection(Collections.JOB_EVENTS).insertOne(document);
		return payload;
	}

	void publish(JobEvent event) {
		this.kafka.send(Topics.JOB_EVENTS, event.jobId(), this.json.writeValueAsString(event)).join();
	}

	/**
	 * The whole protocol: take, store, publish.
	 */
	JobEvent emit(String jobId, Function<Taken, JobEvent> make) {
		JobEvent event = make.apply(take(jobId));
		store(event);
		publish(event);
		return event;
	}

	/**
	 * Sets fields of the job document, as the writer of an event does before writing it.
	 */
	void update(String jobId, Map<String, Object> fields) {
		Document set = new Document(fields);
		this.mongo.getCollection(Collections.JOBS).updateOne(new Document(JobFields.ID, jobId), new Document("$set", set));
	}

	/**
	 * Publishes a message that routes to no stream until this instance's live consumer has one.
	 */
	void ping(long seq) {
		this.kafka.send(Topics.JOB_EVENTS, "ping",
				"{\"type\":\"JobStarted\",\"jobId\":\"ping\",\"owner\":\"nobody\",\"seq\":" + seq + ",\"pages\":0}")
			.join();
	}

	@Override
	public void close() {
		this.kafka.destroy();
	}

}
