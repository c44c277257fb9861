package dev.ocrpipe.api.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import dev.ocrpipe.api.IntegrationTestBase;
import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.common.store.EventFields;
import dev.ocrpipe.common.store.JobFields;
import dev.ocrpipe.common.store.PageFields;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cancel, retry and delete against the real app, Kafka and the Mongo-wire server; the worker is
 * played by writing job and page documents directly.
 */
class JobControlIT extends IntegrationTestBase {

	@Test
	void cancelQueuedJobFinishesItAtOnce() {
		String id = insertJob(OWNER, "QUEUED", 0, 0, 0, 0, Map.of());

		ResponseEntity<String> response = post(id, "cancel");

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		JsonNode job = body(response);
		assertThat(job.get("status").asString()).isEqualTo("CANCELLED");
		assertThat(job.get("links").has("cancel")).isFalse();
		Document stored = job(id);
		assertThat(stored.getString(JobFields.STATUS)).isEqualTo("CANCELLED");
		assertThat(stored.get(JobFields.CANCEL_REQUESTED_AT)).isInstanceOf(Date.class);
		assertThat(stored.get(JobFields.FINISHED_AT)).isInstanceOf(Date.class);
		List<Document> events = events(id);
		assertThat(events).hasSize(1);
		Document event = events.get(0);
		assertThat(event.getString(EventFields.ID)).isEqualTo(EventFields.idOf(id, 1));
		assertThat(event.getString(EventFields.TYPE)).isEqualTo("JobFinished");
		assertThat(event.getString(EventFields.OWNER)).isEqualTo(OWNER);
		JsonNode payload = this.json.readTree(event.getString(EventFields.PAYLOAD));
		assertThat(payload.get("type").asString()).isEqualTo("JobFinished");
		assertThat(payload.get("status").asString()).isEqualTo("CANCELLED");
		assertThat(payload.get("seq").asLong()).isEqualTo(1);
		JsonNode published = awaitEvent(id, 1);
		assertThat(published).isEqualTo(payload);
	}

	@Test
	void cancelRunningJobAsksWorkersToStop() {
		String id = insertJob(OWNER, "RUNNING", 4, 1, 1, 0, Map.of(JobFields.EVENT_SEQ, 3L));

		ResponseEntity<String> response = post(id, "cancel");

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(body(response).get("status").asString()).isEqualTo("CANCELLING");
		Document stored = job(id);
		assertThat(stored.getString(JobFields.STATUS)).isEqualTo("CANCELLING");
		assertThat(stored.get(JobFields.CANCEL_REQUESTED_AT)).isInstanceOf(Date.class);
		assertThat(stored.get(JobFields.FINISHED_AT)).isNull();
		List<Document> events = events(id);
		assertThat(events).hasSize(1);
		assertThat(events.get(0).getString(EventFields.TYPE)).isEqualTo("JobStatusChanged");
		assertThat(events.get(0).get(EventFields.SEQ, Number.class).longValue()).isEqualTo(4);
		JsonNode published = awaitEvent(id, 4);
		assertThat(published.get("status").asString()).isEqualTo("CANCELLING");
		assertThat(published.get("counts").get("total").asInt()).isEqualTo(4);
		assertThat(published.get("counts").get("done").asInt()).isEqualTo(1);

		// asking again changes nothing and writes no event
		ResponseEntity<String> again = post(id, "cancel");
		assertThat(again.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(body(again).get("status").asString()).isEqualTo("CANCELLING");
		assertThat(events(id)).hasSize(1);
	}

	@Test
	void cancelledJobCancelsIdempotently() {
		String id = insertJob(OWNER, "CANCELLED", 0, 0, 0, 0, Map.of());
		ResponseEntity<String> response = post(id, "cancel");
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(body(response).get("status").asString()).isEqualTo("CANCELLED");
		assertThat(events(id)).isEmpty();
	}

	@Test
	void finishedJobsCannotBeCancelled() {
		for (String status : List.of("SUCCEEDED", "PARTIAL", "FAILED")) {
			String id = insertJob(OWNER, status, 1, 1, 0, 0, Map.of());
			ResponseEntity<String> response = post(id, "cancel");
			assertProblem(response, 409, "JOB_ALREADY_FINISHED");
			assertThat(job(id).getString(JobFields.STATUS)).isEqualTo(status);
			assertThat(events(id)).isEmpty();
		}
	}

	@Test
	void concurrentCancelsHaveOneWinner() throws Exception {
		for (String status : List.of("QUEUED", "RUNNING")) {
			for (int round = 0; round < 5; round++) {
				String id = insertJob(OWNER, status, 0, 0, 0, 0, Map.of());
				List<ResponseEntity<String>> answers = concurrently(4, () -> post(id, "cancel"));
				assertThat(answers).allSatisfy((r) -> assertThat(r.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED));
				assertThat(events(id)).as("one event for one change").hasSize(1);
				assertThat(job(id).get(JobFields.EVENT_SEQ, Number.class).longValue()).isEqualTo(1);
			}
		}
	}

	@Test
	void retryRunsOnlyTheFailedPagesAgain() {
		String id = insertJob(OWNER, "PARTIAL", 3, 1, 1, 1,
				Map.of(JobFields.FINISHED_AT, new Date(), JobFields.EVENT_SEQ, 5L));
		insertPage(id, 1, "DONE", Map.of(PageFields.TEXT, "kept text", PageFields.SEQ, 2L, PageFields.ATTEMPTS, 1));
		insertPage(id, 2, "SKIPPED_TEXT_LAYER", Map.of(PageFields.TEXT, "layer", PageFields.SEQ, 3L));
		insertPage(id, 3, "FAILED",
				Map.of(PageFields.ERROR_CODE, "OCR_TIMEOUT", PageFields.ERROR_MESSAGE, "took too long",
						PageFields.SEQ, 4L, PageFields.ATTEMPTS, 3, PageFields.WORKER, "w1", PageFields.LEASE_UNTIL,
						new Date(), PageFields.FINISHED_AT, new Date(), PageFields.TEXT, "", PageFields.CHARS, 0,
						PageFields.FLAGS, List.of(new Document("code", "OCR_EMPTY_OUTPUT"))));

		ResponseEntity<String> response = post(id, "retry");

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		JsonNode view = body(response);
		assertThat(view.get("status").asString()).isEqualTo("RUNNING");
		assertThat(view.get("pages").get("failed").asInt()).isZero();
		assertThat(view.get("links").get("cancel").asString()).isEqualTo("/api/v1/jobs/" + id + "/cancel");
		Document stored = job(id);
		assertThat(stored.getString(JobFields.STATUS)).isEqualTo("RUNNING");
		assertThat(stored.get(JobFields.ROUND, Number.class).intValue()).isEqualTo(1);
		assertThat(stored.containsKey(JobFields.FINISHED_AT)).isFalse();
		Document counts = stored.get(JobFields.COUNTS, Document.class);
		assertThat(counts.get("total", Number.class).intValue()).isEqualTo(3);
		assertThat(counts.get("done", Number.class).intValue()).isEqualTo(1);
		assertThat(counts.get("skipped", Number.class).intValue()).isEqualTo(1);
		assertThat(counts.get("failed", Number.class).intValue()).isZero();

		Document done = page(id, 1);
		assertThat(done.getString(PageFields.STATUS)).isEqualTo("DONE");
		assertThat(done.getString(PageFields.TEXT)).isEqualTo("kept text");
		assertThat(done.get(PageFields.SEQ, Number.class).longValue()).isEqualTo(2);
		assertThat(page(id, 2).getString(PageFields.STATUS)).isEqualTo("SKIPPED_TEXT_LAYER");
		Document requeued = page(id, 3);
		assertThat(requeued.getString(PageFields.STATUS)).isEqualTo("QUEUED");
		assertThat(requeued.get(PageFields.ATTEMPTS, Number.class).intValue()).isZero();
		assertThat(requeued.keySet()).doesNotContain(PageFields.ERROR_CODE, PageFields.ERROR_MESSAGE, PageFields.SEQ,
				PageFields.WORKER, PageFields.LEASE_UNTIL, PageFields.FLAGS, PageFields.FINISHED_AT, PageFields.TEXT,
				PageFields.CHARS);

		List<Document> events = events(id);
		assertThat(events).hasSize(1);
		assertThat(events.get(0).getString(EventFields.TYPE)).isEqualTo("JobStatusChanged");
		JsonNode published = awaitEvent(id, 6);
		assertThat(published.get("status").asString()).isEqualTo("RUNNING");
		assertThat(published.get("counts").get("failed").asInt()).isZero();
		assertThat(published.get("counts").get("done").asInt()).isEqualTo(1);

		JsonNode submitted = this.json.readTree(awaitSubmitted(id).get(0).value());
		assertThat(submitted.get("jobId").asString()).isEqualTo(id);
		assertThat(submitted.get("uploadId").asString()).isEqualTo(stored.getString(JobFields.UPLOAD_ID));
		assertThat(submitted.get("type").asString()).isEqualTo("PDF");
	}

	@Test
	void onlyJobsWithFailedPagesCanBeRetried() {
		String succeeded = insertJob(OWNER, "SUCCEEDED", 1, 1, 0, 0, Map.of());
		insertPage(succeeded, 1, "DONE", Map.of());
		assertProblem(post(succeeded, "retry"), 409, "JOB_NOT_RETRYABLE");

		String running = insertJob(OWNER, "RUNNING", 1, 0, 0, 0, Map.of());
		assertProblem(post(running, "retry"), 409, "JOB_NOT_RETRYABLE");

		String encrypted = insertJob(OWNER, "FAILED", 0, 0, 0, 0,
				Map.of(JobFields.ERROR_CODE, "PDF_ENCRYPTED", JobFields.ERROR_MESSAGE, "needs a password"));
		ResponseEntity<String> response = post(encrypted, "retry");
		assertProblem(response, 409, "JOB_NOT_RETRYABLE");
		assertThat(body(response).get("detail").asString()).contains("PDF_ENCRYPTED");
		assertThat(body(get(encrypted)).get("links").has("retry")).isFalse();
		assertThat(job(encrypted).getString(JobFields.STATUS)).isEqualTo("FAILED");
		assertThat(events(encrypted)).isEmpty();
		assertThat(events(succeeded)).isEmpty();
	}

	@Test
	void concurrentRetriesHaveOneWinner() throws Exception {
		String id = insertJob(OWNER, "FAILED", 2, 0, 0, 2, Map.of());
		insertPage(id, 1, "FAILED", Map.of(PageFields.ERROR_CODE, "OCR_UNAVAILABLE"));
		insertPage(id, 2, "FAILED", Map.of(PageFields.ERROR_CODE, "OCR_UNAVAILABLE"));
		assertThat(body(get(id)).get("links").get("retry").asString()).isEqualTo("/api/v1/jobs/" + id + "/retry");

		List<ResponseEntity<String>> answers = concurrently(4, () -> post(id, "retry"));

		assertThat(answers.stream().filter((r) -> r.getStatusCode() == HttpStatus.ACCEPTED)).hasSize(1);
		assertThat(answers.stream().filter((r) -> r.getStatusCode().value() == 409)).hasSize(3);
		assertThat(job(id).get(JobFields.ROUND, Number.class).intValue()).isEqualTo(1);
		assertThat(events(id)).hasSize(1);
	}

	@Test
	void eventNumbersIncreaseStrictlyPerJob() {
		String id = insertJob(OWNER, "PARTIAL", 2, 1, 0, 1, Map.of(JobFields.EVENT_SEQ, 7L));
		insertPage(id, 1, "DONE", Map.of());
		insertPage(id, 2, "FAILED", Map.of());
		assertThat(post(id, "retry").getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(post(id, "cancel").getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);

		List<Long> seqs = events(id).stream().map((e) -> e.get(EventFields.SEQ, Number.class).longValue()).toList();
		assertThat(seqs).containsExactly(8L, 9L);
		for (Document event : events(id)) {
			assertThat(this.json.readTree(event.getString(EventFields.PAYLOAD)).get("seq").asLong())
				.isEqualTo(event.get(EventFields.SEQ, Number.class).longValue());
		}
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(publishedSeqs(id)).contains(8L, 9L));
		assertThat(publishedSeqs(id)).isSorted().doesNotHaveDuplicates();
	}

	@Test
	void deleteRemovesEverythingOfTheJob() {
		ResponseEntity<String> upload = this.http.post()
			.uri("/api/v1/jobs")
			.header("Idempotency-Key", "delete-me-" + new ObjectId())
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.body(multipart("doomed.pdf", pdf(3)))
			.retrieve()
			.toEntity(String.class);
		assertThat(upload.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		String id = body(upload).get("id").asString();
		ObjectId uploadId = new ObjectId(job(id).getString(JobFields.UPLOAD_ID));
		assertThat(count("uploads.files", new Document("_id", uploadId))).isEqualTo(1);
		assertThat(count("uploads.chunks", new Document("files_id", uploadId))).isPositive();
		assertThat(count("idempotency_keys", new Document("jobIds", id))).isEqualTo(1);
		// the worker planned it and is running it
		this.mongo.getCollection(Collections.JOBS)
			.updateOne(new Document(JobFields.ID, id), new Document("$set", new Document(JobFields.STATUS, "RUNNING")));
		insertPage(id, 1, "DONE", Map.of(PageFields.TEXT, "one"));
		insertPage(id, 2, "RUNNING", Map.of());
		insertPage(id, 3, "QUEUED", Map.of());

		ResponseEntity<String> deleted = this.http.delete().uri("/api/v1/jobs/" + id).retrieve().toEntity(String.class);

		assertThat(deleted.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
		assertThat(count(Collections.JOBS, new Document(JobFields.ID, id))).isZero();
		assertThat(count(Collections.PAGES, new Document(PageFields.JOB_ID, id))).isZero();
		assertThat(count(Collections.JOB_EVENTS, new Document(EventFields.JOB_ID, id))).isZero();
		assertThat(count("idempotency_keys", new Document("jobIds", id))).isZero();
		assertThat(count("uploads.files", new Document("_id", uploadId))).isZero();
		assertThat(count("uploads.chunks", new Document("files_id", uploadId))).isZero();
		// subscribers heard that it was being stopped
		assertThat(this.json.readTree(awaitEventOfType(id, "JobStatusChanged")).get("status").asString())
			.isEqualTo("CANCELLING");
		assertProblem(get(id), 404, "JOB_NOT_FOUND");
		assertProblem(this.http.delete().uri("/api/v1/jobs/" + id).retrieve().toEntity(String.class), 404,
				"JOB_NOT_FOUND");
	}

	@Test
	void deleteKeepsBatchEntriesOfOtherJobs() {
		String key = "batch-" + new ObjectId();
		ResponseEntity<String> upload = this.http.post()
			.uri("/api/v1/jobs")
			.header("Idempotency-Key", key)
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.body(multipart("a.pdf", pdf(1), "b.pdf", pdf(2)))
			.retrieve()
			.toEntity(String.class);
		assertThat(upload.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		String first = body(upload).get("jobs").get(0).get("id").asString();
		String second = body(upload).get("jobs").get(1).get("id").asString();

		assertThat(this.http.delete().uri("/api/v1/jobs/" + first).retrieve().toBodilessEntity().getStatusCode())
			.isEqualTo(HttpStatus.NO_CONTENT);
		assertThat(count("idempotency_keys", new Document("owner", OWNER).append("key", key))).isEqualTo(1);
		assertThat(this.http.delete().uri("/api/v1/jobs/" + second).retrieve().toBodilessEntity().getStatusCode())
			.isEqualTo(HttpStatus.NO_CONTENT);
		assertThat(count("idempotency_keys", new Document("owner", OWNER).append("key", key))).isZero();
	}

	@Test
	void anotherOwnersJobCannotBeControlled() {
		String id = insertJob("someone-else", "RUNNING", 1, 0, 0, 0, Map.of());
		assertProblem(post(id, "cancel"), 404, "JOB_NOT_FOUND");
		assertProblem(post(id, "retry"), 404, "JOB_NOT_FOUND");
		assertProblem(this.http.delete().uri("/api/v1/jobs/" + id).retrieve().toEntity(String.class), 404,
				"JOB_NOT_FOUND");
		assertProblem(post("not-a-job-id", "cancel"), 404, "JOB_NOT_FOUND");
		assertThat(job(id).getString(JobFields.STATUS)).isEqualTo("RUNNING");

		this.http = clientFor("someone-else");
		assertThat(post(id, "cancel").getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(job(id).getString(JobFields.STATUS)).isEqualTo("CANCELLING");
	}

	private ResponseEntity<String> post(String id, String action) {
		return this.http.post().uri("/api/v1/jobs/" + id + "/" + action).retrieve().toEntity(String.class);
	}

	private ResponseEntity<String> get(String id) {
		return this.http.get().uri("/api/v1/jobs/" + id).retrieve().toEntity(String.class);
	}

	private void assertProblem(ResponseEntity<String> response, int status, String code) {
		assertThat(response.getStatusCode().value()).isEqualTo(status);
		assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
		assertThat(body(response).get("code").asString()).isEqualTo(code);
	}

	private List<Document> events(String jobId) {
		return this.mongo.getCollection(Collections.JOB_EVENTS)
			.find(new Document(EventFields.JOB_ID, jobId))
			.sort(new Document(EventFields.SEQ, 1))
			.into(new ArrayList<>());
	}

	private JsonNode awaitEvent(String jobId, long seq) {
		List<JsonNode> found = new ArrayList<>();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			found.clear();
			this.probe.events.stream()
				.filter((r) -> jobId.equals(r.key()))
				.map((r) -> this.json.readTree(r.value()))
				.filter((e) -> e.get("seq").asLong() == seq)
				.forEach(found::add);
			assertThat(found).hasSize(1);
		});
		return found.get(0);
	}

	private String awaitEventOfType(String jobId, String type) {
		List<String> found = new ArrayList<>();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			found.clear();
			this.probe.events.stream()
				.filter((r) -> jobId.equals(r.key()) && type.equals(this.json.readTree(r.value()).get("type").asString()))
				.forEach((r) -> found.add(r.value()));
			assertThat(found).isNotEmpty();
		});
		return found.get(0);
	}

	private List<Long> publishedSeqs(String jobId) {
		return this.probe.events.stream()
			.filter((r) -> jobId.equals(r.key()))
			.map((r) -> this.json.readTree(r.value()).get("seq").asLong())
			.toList();
	}

	private long count(String collection, Document filter) {
		return this.mongo.getCollection(collection).countDocuments(filter);
	}

	private Document page(String jobId, int page) {
		return this.mongo.getCollection(Collections.PAGES).find(new Document(PageFields.ID, PageFields.idOf(jobId, page))).first();
	}

	private void insertPage(String jobId, int page, String status, Map<String, Object> extra) {
		Document doc = new Document(PageFields.ID, PageFields.idOf(jobId, page)).append(PageFields.JOB_ID, jobId)
			.append(PageFields.OWNER, OWNER)
			.append(PageFields.PAGE, page)
			.append(PageFields.STATUS, status);
		extra.forEach(doc::append);
		this.mongo.getCollection(Collections.PAGES).insertOne(doc);
	}

	private static org.springframework.util.MultiValueMap<String, Object> multipart(Object... nameAndContent) {
		org.springframework.util.LinkedMultiValueMap<String, Object> body = new org.springframework.util.LinkedMultiValueMap<>();
		for (int i = 0; i < nameAndContent.length; i += 2) {
			org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
			headers.setContentDisposition(org.springframework.http.ContentDisposition.formData()
				.name("file")
				.filename((String) nameAndContent[i])
				.build());
			headers.setContentType(MediaType.APPLICATION_PDF);
			body.add("file", new org.springframework.http.HttpEntity<>(nameAndContent[i + 1], headers));
		}
		return body;
	}

	private static <T> List<T> concurrently(int n, Callable<T> call) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(n);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				futures.add(pool.submit(() -> {
					start.await();
					return call.call();
				}));
			}
			start.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get());
			}
			return results;
		}
		finally {
			pool.shutdownNow();
		}
	}

}
