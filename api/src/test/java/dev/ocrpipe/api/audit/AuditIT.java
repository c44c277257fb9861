package dev.ocrpipe.api.audit;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import dev.ocrpipe.api.IntegrationTestBase;
import dev.ocrpipe.common.events.JobEvent;
import dev.ocrpipe.common.events.PageCounts;
import dev.ocrpipe.common.events.Topics;
import dev.ocrpipe.common.jobs.ErrorCode;
import dev.ocrpipe.common.jobs.JobStatus;
import dev.ocrpipe.common.store.AuditFields;
import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.common.store.PageFields;
import dev.ocrpipe.migrations.V005AuditEvents;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The audit trail against the real app, Kafka and the Mongo-wire server: what uploads, result
 * reads, cancel, retry and delete record (with the request's id, address, agent and outcome), a
 * job's terminal state recorded once however often its event arrives, the admin-only query, and
 * the TTL index.
 */
class AuditIT extends IntegrationTestBase {

	private static final String AGENT = "audit-it/1.0";

	@Autowired
	KafkaTemplate<String, Object> kafka;

	@Autowired
	MeterRegistry metrics;

	@Test
	void anUploadRecordsOneEventPerJobAndAReplayNone() {
		ResponseEntity<String> single = upload("file", List.of(part("a.pdf", pdf(1), MediaType.APPLICATION_PDF)),
				Map.of("X-Request-Id", "audit-upload-1", "User-Agent", AGENT));
		assertThat(single.getStatusCode().value()).isEqualTo(202);
		String id = body(single).get("id").asString();

		Document event = only(AuditAction.UPLOAD, id);
		assertRequest(event, "audit-upload-1");
		assertThat(event.getString(AuditFields.ACTOR)).isEqualTo(OWNER);
		assertThat(event.getString(AuditFields.OUTCOME)).isEqualTo("SUCCESS");
		assertThat(event.getString(AuditFields.TARGET_TYPE)).isEqualTo("job");
		assertThat(event.get(AuditFields.DETAILS, Document.class).getString("type")).isEqualTo("PDF");

		ResponseEntity<String> batch = upload(part("b.pdf", pdf(1), MediaType.APPLICATION_PDF),
				part("c.png", image("png"), MediaType.IMAGE_PNG));
		String batchId = body(batch).get("batchId").asString();
		for (JsonNode job : body(batch).get("jobs")) {
			assertThat(only(AuditAction.UPLOAD, job.get("id").asString()).get(AuditFields.DETAILS, Document.class)
				.getString("batchId")).isEqualTo(batchId);
		}

		String key = UUID.randomUUID().toString();
		byte[] document = pdf(1);
		ResponseEntity<String> first = upload("file", List.of(part("d.pdf", document, MediaType.APPLICATION_PDF)),
				Map.of("Idempotency-Key", key));
		ResponseEntity<String> replay = upload("file", List.of(part("d.pdf", document, MediaType.APPLICATION_PDF)),
				Map.of("Idempotency-Key", key));
		assertThat(replay.getStatusCode().value()).isEqualTo(200);
		String keyed = body(first).get("id").asString();
		assertThat(events(AuditAction.UPLOAD, keyed)).hasSize(1);
	}

	@Test
	void aResultReadIsRecordedAndPollingAnUnfinishedJobIsNot() {
		String id = insertJob(OWNER, "SUCCEEDED", 0, 0, 0, 0, Map.of());

		ResponseEntity<String> read = get("/api/v1/jobs/" + id + "/result?format=md");

		assertThat(read.getStatusCode().value()).isEqualTo(200);
		Document event = only(AuditAction.RESULT_READ, id);
		assertRequest(event, read.getHeaders().getFirst("X-Request-Id"));
		assertThat(event.getString(AuditFields.OUTCOME)).isEqualTo("SUCCESS");
		assertThat(event.get(AuditFields.DETAILS, Document.class).getString("format")).isEqualTo("md");

		// status polls and not-yet-finished results are not reads of a result
		get("/api/v1/jobs/" + id);
		String running = insertJob(OWNER, "RUNNING", 2, 1, 0, 0, Map.of());
		assertThat(get("/api/v1/jobs/" + running + "/result").getStatusCode().value()).isEqualTo(409);
		assertThat(events(AuditAction.RESULT_READ, id)).hasSize(1);
		assertThat(events(AuditAction.RESULT_READ, running)).isEmpty();
	}

	@Test
	void aHeadOnAResultIsNoRead() {
		String id = insertJob(OWNER, "SUCCEEDED", 0, 0, 0, 0, Map.of());

		ResponseEntity<String> head = this.http.head().uri("/api/v1/jobs/" + id + "/result?format=md").retrieve()
			.toEntity(String.class);

		assertThat(head.getStatusCode().value()).isEqualTo(200);
		assertThat(head.getHeaders().getContentType().toString()).startsWith("text/markdown");
		assertThat(head.getHeaders().getFirst("Content-Disposition")).contains("scan.md");
		assertThat(events(AuditAction.RESULT_READ, id)).isEmpty();
		assertThat(this.http.head().uri("/api/v1/jobs/" + insertJob("someone-else", "SUCCEEDED", 0, 0, 0, 0, Map.of())
				+ "/result").retrieve().toEntity(String.class).getStatusCode().value()).isEqualTo(404);
	}

	@Test
	void cancelRetryAndDeleteAreRecordedWithTheirOutcome() {
		String queued = insertJob(OWNER, "QUEUED", 0, 0, 0, 0, Map.of());
		ResponseEntity<String> cancelled = post("/api/v1/jobs/" + queued + "/cancel");
		assertThat(cancelled.getStatusCode().value()).isEqualTo(202);
		Document cancel = only(AuditAction.CANCEL, queued);
		assertRequest(cancel, cancelled.getHeaders().getFirst("X-Request-Id"));
		assertThat(cancel.getString(AuditFields.OUTCOME)).isEqualTo("SUCCESS");
		assertThat(cancel.get(AuditFields.DETAILS, Document.class).getString("result")).isEqualTo("cancelled");

		String finished = insertJob(OWNER, "SUCCEEDED", 1, 1, 0, 0, Map.of());
		assertThat(post("/api/v1/jobs/" + finished + "/cancel").getStatusCode().value()).isEqualTo(409);
		Document refused = only(AuditAction.CANCEL, finished);
		assertThat(refused.getString(AuditFields.OUTCOME)).isEqualTo("FAILED");
		assertThat(refused.getString(AuditFields.REASON)).isEqualTo("JOB_ALREADY_FINISHED");

		String partial = insertJob(OWNER, "PARTIAL", 2, 1, 0, 1, Map.of());
		insertPage(partial, 1, "DONE");
		insertPage(partial, 2, "FAILED");
		ResponseEntity<String> retried = post("/api/v1/jobs/" + partial + "/retry");
		assertThat(retried.getStatusCode().value()).isEqualTo(202);
		Document retry = only(AuditAction.RETRY, partial);
		assertRequest(retry, retried.getHeaders().getFirst("X-Request-Id"));
		assertThat(retry.getString(AuditFields.OUTCOME)).isEqualTo("SUCCESS");
		assertThat(retry.get(AuditFields.DETAILS, Document.class).get("requeuedPages", Number.class).intValue())
			.isEqualTo(1);

		ResponseEntity<String> deleted = this.http.delete()
			.uri("/api/v1/jobs/" + finished)
			.header("User-Agent", AGENT)
			.retrieve()
			.toEntity(String.class);
		assertThat(deleted.getStatusCode().value()).isEqualTo(204);
		Document delete = only(AuditAction.DELETE, finished);
		assertRequest(delete, deleted.getHeaders().getFirst("X-Request-Id"));
		assertThat(delete.getString(AuditFields.OUTCOME)).isEqualTo("SUCCESS");
		assertThat(delete.get(AuditFields.DETAILS, Document.class).getString("status")).isEqualTo("SUCCEEDED");
		// the trail outlives the job
		assertThat(job(finished)).isNull();
		assertThat(events(AuditAction.CANCEL, finished)).hasSize(1);
	}

	@Test
	void attemptsOnAnotherOwnersJobAreDeniedAndUnknownJobsFailed() {
		String theirs = insertJob("someone-else", "SUCCEEDED", 1, 1, 0, 0, Map.of());
		String unknown = new org.bson.types.ObjectId().toHexString();

		assertThat(delete("/api/v1/jobs/" + theirs).getStatusCode().value()).isEqualTo(404);
		assertThat(post("/api/v1/jobs/" + theirs + "/cancel").getStatusCode().value()).isEqualTo(404);
		assertThat(get("/api/v1/jobs/" + theirs + "/result").getStatusCode().value()).isEqualTo(404);
		assertThat(delete("/api/v1/jobs/" + unknown).getStatusCode().value()).isEqualTo(404);

		for (AuditAction action : List.of(AuditAction.DELETE, AuditAction.CANCEL, AuditAction.RESULT_READ)) {
			Document denied = only(action, theirs);
			assertThat(denied.getString(AuditFields.OUTCOME)).isEqualTo("DENIED");
			assertThat(denied.getString(AuditFields.REASON)).isEqualTo("NOT_OWNER");
			assertThat(denied.getString(AuditFields.ACTOR)).isEqualTo(OWNER);
		}
		Document missing = only(AuditAction.DELETE, unknown);
		assertThat(missing.getString(AuditFields.OUTCOME)).isEqualTo("FAILED");
		assertThat(missing.getString(AuditFields.REASON)).isEqualTo("JOB_NOT_FOUND");
		assertThat(job(theirs)).isNotNull();
	}

	@Test
	void aJobsTerminalStateIsRecordedOnceHoweverOftenItsEventArrives() {
		String id = insertJob(OWNER, "RUNNING", 2, 1, 0, 1, Map.of());
		Instant at = Instant.parse("2026-02-03T04:05:06.789Z");
		JobEvent.JobFinished partial = new JobEvent.JobFinished(id, OWNER, null, 7, at, JobStatus.PARTIAL, null, null,
				new PageCounts(2, 1, 0, 1));
		// a redelivery and a republish (the worker's, the API relay's): the same event three times
		for (int i = 0; i < 3; i++) {
			this.kafka.send(Topics.JOB_EVENTS, id, partial);
		}
		// after a retry, the job ends again: a new event, a new record
		JobEvent.JobFinished failed = new JobEvent.JobFinished(id, OWNER, null, 12, at.plusSeconds(60),
				JobStatus.FAILED, ErrorCode.OCR_UNAVAILABLE, "Gemini unavailable", new PageCounts(2, 1, 0, 1));
		this.kafka.send(Topics.JOB_EVENTS, id, failed);

		// one partition per job id: once the last event is recorded, the duplicates have been seen
		await().atMost(Duration.ofSeconds(30)).until(() -> !events(AuditAction.JOB_FAILED, id).isEmpty());
		Document first = only(AuditAction.JOB_PARTIAL, id);
		assertThat(first.getString(AuditFields.ID)).isEqualTo(AuditFields.jobFinishedId(id, 7));
		assertThat(first.getString(AuditFields.ACTOR)).isEqualTo("system:worker");
		assertThat(first.getString(AuditFields.OUTCOME)).isEqualTo("FAILED");
		assertThat(first.getString(AuditFields.REASON)).isEqualTo("PAGES_FAILED");
		assertThat(first.get(AuditFields.AT)).isEqualTo(Date.from(at));
		assertThat(first.get(AuditFields.DETAILS, Document.class).getString("owner")).isEqualTo(OWNER);
		Document second = only(AuditAction.JOB_FAILED, id);
		assertThat(second.getString(AuditFields.REASON)).isEqualTo("OCR_UNAVAILABLE");
		assertThat(this.mongo.getCollection(Collections.AUDIT_EVENTS)
			.countDocuments(Filters.eq(AuditFields.TARGET_ID, id))).isEqualTo(2);

		// the API's own terminal event (cancel of a queued job) takes the same way
		String queued = insertJob(OWNER, "QUEUED", 0, 0, 0, 0, Map.of());
		post("/api/v1/jobs/" + queued + "/cancel");
		await().atMost(Duration.ofSeconds(30)).until(() -> !events(AuditAction.JOB_CANCELLED, queued).isEmpty());
		assertThat(only(AuditAction.JOB_CANCELLED, queued).getString(AuditFields.OUTCOME)).isEqualTo("SUCCESS");
	}

	@Test
	void adminsQueryNewestFirstWithFiltersAndCursor() {
		this.http = adminSession();
		String actor = "pager-" + UUID.randomUUID();
		Instant base = Instant.parse("2025-06-01T10:00:00Z");
		MongoCollection<Document> trail = this.mongo.getCollection(Collections.AUDIT_EVENTS);
		// three events in one millisecond, so the cursor must break ties
		for (int i = 0; i < 7; i++) {
			Instant at = base.plusSeconds((i < 3) ? 0 : i);
			trail.insertOne(new Document(AuditFields.ID, actor + "-" + i).append(AuditFields.AT, Date.from(at))
				.append(AuditFields.ACTOR, actor)
				.append(AuditFields.ACTION, (i % 2 == 0) ? "CANCEL" : "DELETE")
				.append(AuditFields.OUTCOME, "SUCCESS"));
		}

		List<String> seen = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			ResponseEntity<String> page = get("/api/v1/audit?actor=" + actor + "&limit=2"
					+ ((cursor != null) ? "&cursor=" + cursor : ""));
			assertThat(page.getStatusCode().value()).isEqualTo(200);
			JsonNode body = body(page);
			body.get("items").forEach((item) -> seen.add(item.get("id").asString()));
			cursor = body.get("nextCursor").isNull() ? null : body.get("nextCursor").asString();
			pages++;
		}
		while (cursor != null && pages < 10);
		assertThat(pages).isEqualTo(4);
		assertThat(seen).containsExactly(actor + "-6", actor + "-5", actor + "-4", actor + "-3", actor + "-2",
				actor + "-1", actor + "-0");

		JsonNode deletes = body(get("/api/v1/audit?actor=" + actor + "&action=delete"));
		assertThat(ids(deletes)).containsExactly(actor + "-5", actor + "-3", actor + "-1");
		JsonNode window = body(get("/api/v1/audit?actor=" + actor + "&from=2025-06-01T10:00:01Z&to="
				+ base.plusSeconds(5)));
		assertThat(ids(window)).containsExactly(actor + "-4", actor + "-3");
		JsonNode day = body(get("/api/v1/audit?actor=" + actor + "&from=2025-06-01&to=2025-06-02"));
		assertThat(ids(day)).hasSize(7);
		JsonNode item = body(get("/api/v1/audit?actor=" + actor + "&limit=1")).get("items").get(0);
		assertThat(item.get("at").asString()).isEqualTo("2025-06-01T10:00:06Z");
		assertThat(item.get("action").asString()).isEqualTo("CANCEL");
		assertThat(item.get("outcome").asString()).isEqualTo("SUCCESS");

		// the reads are recorded too
		assertThat(this.mongo.getCollection(Collections.AUDIT_EVENTS)
			.countDocuments(Filters.and(Filters.eq(AuditFields.ACTION, "ADMIN_AUDIT_READ"),
					Filters.eq(AuditFields.OUTCOME, "SUCCESS"), Filters.eq("details.actor", actor))))
			.isGreaterThanOrEqualTo(4);
	}

	@Test
	void badParametersAreProblems() {
		this.http = adminSession();
		assertProblem(get("/api/v1/audit?from=yesterday"), 400, "VALIDATION_FAILED", "from");
		assertProblem(get("/api/v1/audit?to=2025-13-01"), 400, "VALIDATION_FAILED", "to");
		assertProblem(get("/api/v1/audit?from=2025-06-02&to=2025-06-01"), 400, "VALIDATION_FAILED", "to");
		assertProblem(get("/api/v1/audit?limit=1000"), 400, "VALIDATION_FAILED", "limit");
		assertProblem(get("/api/v1/audit?limit=ten"), 400, "VALIDATION_FAILED", "limit");
		assertProblem(get("/api/v1/audit?action=HACK"), 400, "VALIDATION_FAILED", "action");
		assertProblem(get("/api/v1/audit?cursor=not-ours"), 400, "INVALID_CURSOR", null);
	}

	@Test
	void nonAdminsGetTheSame404AsAnUnknownPathAndTheAttemptIsRecorded() {
		ResponseEntity<String> refused = get("/api/v1/audit?limit=1000&from=garbage");
		ResponseEntity<String> unknown = get("/api/v1/audix");

		assertThat(refused.getStatusCode().value()).isEqualTo(404);
		assertThat(refused.getHeaders().getContentType()).isEqualTo(unknown.getHeaders().getContentType());
		JsonNode problem = body(refused);
		JsonNode unknownProblem = body(unknown);
		assertThat(problem.get("code").asString()).isEqualTo("NOT_FOUND").isEqualTo(unknownProblem.get("code").asString());
		assertThat(problem.get("title").asString()).isEqualTo(unknownProblem.get("title").asString());
		assertThat(problem.get("detail").asString())
			.isEqualTo(unknownProblem.get("detail").asString().replace("audix", "audit"));
		assertThat(problem.propertyNames()).containsExactlyInAnyOrderElementsOf(unknownProblem.propertyNames());

		String requestId = refused.getHeaders().getFirst("X-Request-Id");
		Document denied = this.mongo.getCollection(Collections.AUDIT_EVENTS)
			.find(Filters.eq(AuditFields.REQUEST_ID, requestId))
			.first();
		assertThat(denied.getString(AuditFields.ACTION)).isEqualTo("ADMIN_AUDIT_READ");
		assertThat(denied.getString(AuditFields.OUTCOME)).isEqualTo("DENIED");
		assertThat(denied.getString(AuditFields.REASON)).isEqualTo("NOT_ADMIN");
	}

	@Test
	void theTtlIndexAndTheQueryIndexesExistAfterTheMigrations() {
		Document ttl = AuditRetention.ttlIndex(this.mongo.getCollection(Collections.AUDIT_EVENTS));
		assertThat(ttl).isNotNull();
		assertThat(((Number) ttl.get("expireAfterSeconds")).longValue()).isEqualTo(Duration.ofDays(365).toSeconds());
		List<Document> keys = this.mongo.getCollection(Collections.AUDIT_EVENTS)
			.listIndexes()
			.map((index) -> (Document) index.get("key"))
			.into(new ArrayList<>());
		assertThat(keys).contains(new Document("actor", 1).append("at", -1).append("_id", -1),
				new Document("action", 1).append("at", -1).append("_id", -1),
				new Document("at", -1).append("_id", -1));
	}

	@Test
	void aChangedRetentionIsAppliedToTheTtlIndex() {
		MongoDatabase db = this.mongo.getMongoDatabaseFactory().getMongoDatabase("audit-retention-" + UUID.randomUUID());
		new V005AuditEvents().apply(db);

		assertThat(new AuditRetention(db, Duration.ofDays(30)).reconcile()).isTrue();
		Document ttl = AuditRetention.ttlIndex(db.getCollection(Collections.AUDIT_EVENTS));
		assertThat(((Number) ttl.get("expireAfterSeconds")).longValue()).isEqualTo(Duration.ofDays(30).toSeconds());
		assertThat(new AuditRetention(db, Duration.ofDays(30)).reconcile()).isFalse();
		db.drop();
	}

	@Test
	void aRequestSucceedsWhenItsAuditEventCannotBeStored() {
		// a unique index that the second event of one request id breaks: a real write failure, no
		// mock (earlier events of one request, such as a batch upload's, are cleared to build it)
		MongoCollection<Document> trail = this.mongo.getCollection(Collections.AUDIT_EVENTS);
		String requestId = "audit-fail-" + UUID.randomUUID().toString().substring(0, 8);
		trail.deleteMany(Filters.exists(AuditFields.REQUEST_ID));
		Bson key = Indexes.ascending(AuditFields.REQUEST_ID);
		trail.createIndex(key, new IndexOptions().unique(true).sparse(true).name("it-unique-request-id"));
		try {
			double before = failures();
			String first = insertJob(OWNER, "SUCCEEDED", 0, 0, 0, 0, Map.of());
			String second = insertJob(OWNER, "SUCCEEDED", 0, 0, 0, 0, Map.of());
			assertThat(getWithRequestId("/api/v1/jobs/" + first + "/result", requestId).getStatusCode().value())
				.isEqualTo(200);

			ResponseEntity<String> response = getWithRequestId("/api/v1/jobs/" + second + "/result", requestId);

			assertThat(response.getStatusCode().value()).isEqualTo(200);
			assertThat(events(AuditAction.RESULT_READ, second)).isEmpty();
			assertThat(failures()).isEqualTo(before + 1);
		}
		finally {
			trail.dropIndex("it-unique-request-id");
		}
	}

	private double failures() {
		var counter = this.metrics.find(AuditLog.FAILURES).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private void assertRequest(Document event, String requestId) {
		assertThat(requestId).isNotBlank();
		assertThat(event.getString(AuditFields.REQUEST_ID)).isEqualTo(requestId);
		assertThat(event.getString(AuditFields.IP)).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
		assertThat(event.get(AuditFields.AT)).isInstanceOf(Date.class);
		assertThat(((Date) event.get(AuditFields.AT)).toInstant())
			.isBetween(Instant.now().minus(1, ChronoUnit.MINUTES), Instant.now().plusSeconds(1));
		String agent = event.getString(AuditFields.USER_AGENT);
		assertThat(agent).isNotBlank();
	}

	private void assertProblem(ResponseEntity<String> response, int status, String code, String field) {
		assertThat(response.getStatusCode().value()).isEqualTo(status);
		assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
		JsonNode problem = body(response);
		assertThat(problem.get("code").asString()).isEqualTo(code);
		assertThat(problem.get("requestId").asString()).isNotBlank();
		if (field != null) {
			List<String> fields = new ArrayList<>();
			problem.get("errors").forEach((error) -> fields.add(error.get("field").asString()));
			assertThat(fields).contains(field);
		}
	}

	private static List<String> ids(JsonNode page) {
		List<String> ids = new ArrayList<>();
		page.get("items").forEach((item) -> ids.add(item.get("id").asString()));
		return ids;
	}

	private Document only(AuditAction action, String targetId) {
		List<Document> found = events(action, targetId);
		assertThat(found).as("%s events on %s", action, targetId).hasSize(1);
		return found.get(0);
	}

	private List<Document> events(AuditAction action, String targetId) {
		return this.mongo.getCollection(Collections.AUDIT_EVENTS)
			.find(Filters.and(Filters.eq(AuditFields.ACTION, action.name()), Filters.eq(AuditFields.TARGET_ID, targetId)))
			.into(new ArrayList<>());
	}

	private void insertPage(String jobId, int page, String status) {
		this.mongo.getCollection(Collections.PAGES)
			.insertOne(new Document(PageFields.ID, PageFields.idOf(jobId, page)).append(PageFields.JOB_ID, jobId)
				.append(PageFields.OWNER, OWNER)
				.append(PageFields.PAGE, page)
				.append(PageFields.STATUS, status));
	}

	private ResponseEntity<String> get(String path) {
		return this.http.get().uri(path).header("User-Agent", AGENT).retrieve().toEntity(String.class);
	}

	private ResponseEntity<String> getWithRequestId(String path, String requestId) {
		return this.http.get().uri(path).header("X-Request-Id", requestId).retrieve().toEntity(String.class);
	}

	private ResponseEntity<String> post(String path) {
		return this.http.post().uri(path).header("User-Agent", AGENT).retrieve().toEntity(String.class);
	}

	private ResponseEntity<String> delete(String path) {
		return this.http.delete().uri(path).header("User-Agent", AGENT).retrieve().toEntity(String.class);
	}

}
