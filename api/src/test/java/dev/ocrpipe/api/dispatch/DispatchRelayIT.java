package dev.ocrpipe.api.dispatch;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import dev.ocrpipe.api.IntegrationTestBase;
import dev.ocrpipe.common.store.JobFields;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A job stored while Kafka was away (QUEUED, never acknowledged) is republished by the relay.
 */
class DispatchRelayIT extends IntegrationTestBase {

	@Test
	void relayRepublishesAnUndispatchedQueuedJob() {
		String id = insertJob(OWNER, "QUEUED", 0, 0, 0, 0, Map.of());
		this.mongo.getCollection(dev.ocrpipe.common.store.Collections.JOBS)
			.updateOne(new Document(JobFields.ID, id), new Document("$unset", new Document(JobFields.DISPATCHED_AT, ""))
				.append("$set", new Document(JobFields.DISPATCH_ATTEMPTS, 0)));

		ConsumerRecord<String, String> record = awaitSubmitted(id).get(0);

		JsonNode message = this.json.readTree(record.value());
		assertThat(record.key()).isEqualTo(id);
		assertThat(message.get("jobId").asString()).isEqualTo(id);
		assertThat(message.get("requestId").asString()).isEqualTo("seeded");
		assertThat(message.get("type").asString()).isEqualTo("PDF");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Document job = job(id);
			assertThat(job.get(JobFields.DISPATCHED_AT)).isNotNull();
			assertThat(job.get(JobFields.DISPATCH_ATTEMPTS)).isEqualTo(1);
		});
	}

	@Test
	void relayLeavesRecentAndDispatchedJobsAlone() {
		String dispatched = insertJob(OWNER, "QUEUED", 0, 0, 0, 0, Map.of());
		String running = insertJob(OWNER, "RUNNING", 0, 0, 0, 0, Map.of());
		this.mongo.getCollection(dev.ocrpipe.common.store.Collections.JOBS)
			.updateOne(new Document(JobFields.ID, running), new Document("$unset", new Document(JobFields.DISPATCHED_AT, "")));
		// a job that is due, inserted last: once it is relayed, earlier runs have seen the other two
		String due = insertJob(OWNER, "QUEUED", 0, 0, 0, 0, Map.of());
		this.mongo.getCollection(dev.ocrpipe.common.store.Collections.JOBS)
			.updateOne(new Document(JobFields.ID, due), new Document("$unset", new Document(JobFields.DISPATCHED_AT, "")));
		awaitSubmitted(due);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(job(due).get(JobFields.DISPATCHED_AT)).isNotNull());
		assertThat(this.probe.records).noneMatch((r) -> dispatched.equals(r.key()) || running.equals(r.key()));
	}

}
