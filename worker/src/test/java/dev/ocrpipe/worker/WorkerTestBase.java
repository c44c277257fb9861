package dev.ocrpipe.worker;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.mongodb.client.gridfs.GridFSBuckets;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.bson.types.ObjectId;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.ocrpipe.common.events.JobSubmitted;
import dev.ocrpipe.common.events.Topics;
import dev.ocrpipe.common.jobs.DocumentType;
import dev.ocrpipe.common.jobs.JobStatus;
import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.common.store.JobFields;
import dev.ocrpipe.common.store.PageFields;
import dev.ocrpipe.emulator.GeminiEmulator;
import dev.ocrpipe.tesseract.Tessdata;
import dev.ocrpipe.tesseract.TesseractReader;
import dev.ocrpipe.testkit.MongoTestServer;

import static org.awaitility.Awaitility.await;

/**
 * Base of the worker's integration tests: the worker on a real Kafka broker (embedded KRaft), the
 * Mongo-wire server and the Gemini emulator, with jobs submitted the way the API submits them
 * (GridFS + job document + message).
 */
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
abstract class WorkerTestBase {

	// shared by every test class in this JVM, and stopped with it
	static final MongoTestServer mongoServer = MongoTestServer.start();

	static final TesseractReader reader = new TesseractReader(Tessdata.bundled(), "eng", 2);

	static final GeminiEmulator gemini = GeminiEmulator.start(0);

	@Autowired
	MongoTemplate mongo;

	@Autowired
	KafkaTemplate<String, Object> kafka;

	@Autowired
	EmbeddedKafkaBroker broker;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> mongoServer.uri("ocrpipe"));
		registry.add("ocr.worker.gemini.base-url", () -> gemini.baseUrl().toString());
	}

	protected String submit(byte[] content, DocumentType type) {
		String jobId = new ObjectId().toHexString();
		ObjectId uploadId = GridFSBuckets.create(this.mongo.getDb(), Collections.UPLOADS_BUCKET)
			.uploadFromStream(jobId, new ByteArrayInputStream(content));
		Instant now = Instant.now();
		this.mongo.getCollection(Collections.JOBS).insertOne(new Document(Map.of(JobFields.ID, jobId, JobFields.OWNER, "local", JobFields.STATUS,
				JobStatus.QUEUED.name(), JobFields.TYPE, type.name(), JobFields.UPLOAD_ID, uploadId.toHexString(),
				JobFields.COUNTS, new Document(Map.of("total", 0, "done", 0, "skipped", 0, "failed", 0)),
				JobFields.EVENT_SEQ, 0L, JobFields.CREATED_AT, now)));
		this.kafka.send(Topics.JOB_SUBMITTED, jobId,
				new JobSubmitted(jobId, "local", uploadId.toHexString(), type, "test-" + jobId, now));
		return jobId;
	}

	protected Document awaitTerminal(String jobId) {
		return await().atMost(Duration.ofSeconds(60))
			.until(() -> job(jobId), (job) -> JobStatus.valueOf(job.getString(JobFields.STATUS)).isTerminal());
	}

	protected Document job(String jobId) {
		return this.mongo.getCollection(Collections.JOBS).find(new Document(JobFields.ID, jobId)).first();
	}

	protected List<Document> pages(String jobId) {
		return this.mongo.find(Query.query(Criteria.where(PageFields.JOB_ID).is(jobId)), Document.class,
				Collections.PAGES).stream().sorted((a, b) -> a.getInteger(PageFields.PAGE) - b.getInteger(PageFields.PAGE)).toList();
	}

	/** The page task published for a job (its first one), read from the topic with a consumer of its own. */
	protected ConsumerRecord<String, String> pageTaskOf(String jobId) {
		Map<String, Object> props = KafkaTestUtils.consumerProps(this.broker, "find-" + jobId, false);
		props.put("auto.offset.reset", "earliest");
		try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
			consumer.subscribe(List.of(Topics.PAGE_REQUESTED));
			return await().atMost(Duration.ofSeconds(30)).until(() -> {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
					if (record.value().contains(jobId)) {
						return record;
					}
				}
				return null;
			}, (record) -> record != null);
		}
	}

	/** The page consumer group's committed offset on a task's partition, -1 when none. */
	protected long committedOffset(ConsumerRecord<?, ?> task) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.getBrokersAsString()))) {
			OffsetAndMetadata committed = admin.listConsumerGroupOffsets("ocr-pages")
				.partitionsToOffsetAndMetadata()
				.get()
				.get(new TopicPartition(task.topic(), task.partition()));
			return (committed != null) ? committed.offset() : -1;
		}
	}

}
