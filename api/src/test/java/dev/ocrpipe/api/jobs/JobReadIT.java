package dev.ocrpipe.api.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import dev.ocrpipe.api.IntegrationTestBase;
import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.common.store.JobFields;
import dev.ocrpipe.common.store.PageFields;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading jobs back: status, listing with cursor paging, results, partial pages, batches, and
 * owner isolation.
 */
class JobReadIT extends IntegrationTestBase {

	@Test
	void getJob() {
		Instant finished = Instant.parse("2026-01-01T00:00:00Z");
		String id = insertJob(OWNER, "SUCCEEDED", 3, 2, 1, 0,
				Map.of(JobFields.FINISHED_AT, Date.from(finished), JobFields.CREATED_AT,
						Date.from(finished.minusSeconds(90)), JobFields.STARTED_AT, Date.from(finished.minusSeconds(80))));

		ResponseEntity<String> response = get("/api/v1/jobs/" + id);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		JsonNode job = body(response);
		assertThat(job.get("id").asString()).isEqualTo(id);
		assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.get("pages").get("total").asInt()).isEqualTo(3);
		assertThat(job.get("pages").get("skipped").asInt()).isEqualTo(1);
		assertThat(job.get("usage").get("prompt").asLong()).isEqualTo(10);
		assertThat(job.get("engines").get(0).asString()).isEqualTo("gemini");
		assertThat(job.get("durationMs").asLong()).isEqualTo(90_000);
		assertThat(job.get("finishedAt").asString()).isEqualTo("2026-01-01T00:00:00Z");
		assertThat(job.get("links").get("result").asString()).isEqualTo("/api/v1/jobs/" + id + "/result");
		assertThat(job.has("errorCode")).isFalse();
		assertThat(job.has("batchId")).isFalse();
	}

	@Test
	void unknownAndMalformedIdsAre404() {
		assertProblem(get("/api/v1/jobs/0123456789abcdef01234567"), 404, "JOB_NOT_FOUND");
		assertProblem(get("/api/v1/jobs/not-an-id"), 404, "JOB_NOT_FOUND");
	}

	@Test
	void anotherOwnersJobIsNotFound() {
		String id = insertJob("someone-else", "SUCCEEDED", 1, 1, 0, 0, Map.of());
		insertPage(id, 1, "DONE", "secret", null);
		assertProblem(get("/api/v1/jobs/" + id), 404, "JOB_NOT_FOUND");
		assertProblem(get("/api/v1/jobs/" + id + "/result"), 404, "JOB_NOT_FOUND");
		assertProblem(get("/api/v1/jobs/" + id + "/pages"), 404, "JOB_NOT_FOUND");
		JsonNode list = body(get("/api/v1/jobs?limit=100"));
		list.get("items").forEach((job) -> assertThat(job.get("id").asString()).isNotEqualTo(id));
		String batch = insertBatchJob("someone-else");
		assertProblem(get("/api/v1/batches/" + batch), 404, "BATCH_NOT_FOUND");
	}

	@Test
	void listNewestFirstWithCursorAndStatusFilter() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			ids.add(insertJob(OWNER, "CANCELLING", 0, 0, 0, 0, Map.of()));
		}
		insertJob(OWNER, "RUNNING", 0, 0, 0, 0, Map.of());
		List<String> seen = new ArrayList<>();
		String cursor = null;
		int requests = 0;
		do {
			String uri = "/api/v1/jobs?status=cancelling&limit=2" + ((cursor != null) ? "&cursor=" + cursor : "");
			JsonNode page = body(get(uri));
			page.get("items").forEach((job) -> {
				assertThat(job.get("status").asString()).isEqualTo("CANCELLING");
				seen.add(job.get("id").asString());
			});
			cursor = page.has("nextCursor") && !page.get("nextCursor").isNull() ? page.get("nextCursor").asString()
					: null;
			requests++;
		}
		while (cursor != null && requests < 10);
		assertThat(seen).containsExactlyElementsOf(ids.reversed());
		assertThat(requests).isEqualTo(3);
	}

	@Test
	void invalidListParameters() {
		assertProblem(get("/api/v1/jobs?cursor=!!notacursor"), 400, "INVALID_CURSOR");
		assertProblem(get("/api/v1/jobs?cursor=aGVsbG8"), 400, "INVALID_CURSOR");
		JsonNode problem = assertProblem(get("/api/v1/jobs?status=DONE"), 400, "VALIDATION_FAILED");
		assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("status");
		problem = assertProblem(get("/api/v1/jobs?limit=1000"), 400, "VALIDATION_FAILED");
		assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("limit");
	}

	@Test
	void resultAsText() {
		String id = finishedJobWithPages();
		ResponseEntity<String> response = get("/api/v1/jobs/" + id + "/result");
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getHeaders().getContentType().toString()).isEqualTo("text/plain;charset=UTF-8");
		assertThat(response.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
			.isEqualTo("inline; filename=\"scan.txt\"");
		assertThat(response.getBody()).isEqualTo("""
				===== page 1 / 3 =====
				First page
				===== page 2 / 3 =====
				[page 2 failed: OCR_TIMEOUT]
				===== page 3 / 3 =====
				Third – page ✓
				""");
	}

	@Test
	void resultAsMarkdown() {
		String id = finishedJobWithPages();
		ResponseEntity<String> response = get("/api/v1/jobs/" + id + "/result?format=md");
		assertThat(response.getHeaders().getContentType().toString()).isEqualTo("text/markdown;charset=UTF-8");
		assertThat(response.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
			.isEqualTo("inline; filename=\"scan.md\"");
		assertThat(response.getBody()).startsWith("# scan.pdf\n")
			.contains("## Page 1\n\nFirst page\n")
			.contains("## Page 2\n\n> Page 2 failed: OCR_TIMEOUT (took too long)\n")
			.contains("## Page 3\n\nThird – page ✓\n");
	}

	@Test
	void resultAsJson() {
		String id = finishedJobWithPages();
		ResponseEntity<String> response = get("/api/v1/jobs/" + id + "/result?format=json");
		assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_JSON)).isTrue();
		JsonNode result = body(response);
		assertThat(result.get("job").get("id").asString()).isEqualTo(id);
		JsonNode pages = result.get("pages");
		assertThat(pages.size()).isEqualTo(3);
		assertThat(pages.get(0).get("page").asInt()).isEqualTo(1);
		assertThat(pages.get(0).get("text").asString()).isEqualTo("First page\n");
		assertThat(pages.get(0).get("engine").asString()).isEqualTo("gemini");
		assertThat(pages.get(0).get("usage").get("total").asLong()).isEqualTo(7);
		assertThat(pages.get(0).get("flags").get(0).get("code").asString()).isEqualTo("OCR_FINISH_REASON");
		assertThat(pages.get(1).get("status").asString()).isEqualTo("FAILED");
		assertThat(pages.get(1).get("errorCode").asString()).isEqualTo("OCR_TIMEOUT");
		assertThat(pages.get(1).has("text")).isFalse();
	}

	@Test
	void resultWhileRunningIs409WithRetryAfter() {
		String id = insertJob(OWNER, "RUNNING", 2, 1, 0, 0, Map.of());
		ResponseEntity<String> response = get("/api/v1/jobs/" + id + "/result?format=json");
		assertProblem(response, 409, "JOB_NOT_FINISHED");
		assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
	}

	@Test
	void unknownResultFormat() {
		String id = finishedJobWithPages();
		assertProblem(get("/api/v1/jobs/" + id + "/result?format=docx"), 400, "VALIDATION_FAILED");
	}

	@Test
	void pagesWhileRunningStopAtTheFirstUnfinishedPage() {
		String id = insertJob(OWNER, "RUNNING", 5, 3, 0, 0, Map.of());
		insertPage(id, 1, "DONE", "one", null);
		insertPage(id, 2, "SKIPPED_TEXT_LAYER", "two", null);
		insertPage(id, 3, "RUNNING", null, null);
		insertPage(id, 4, "DONE", "four", null);

		JsonNode first = body(get("/api/v1/jobs/" + id + "/pages"));
		assertThat(first.get("items").size()).isEqualTo(2);
		assertThat(first.get("items").get(1).get("text").asString()).isEqualTo("two");
		assertThat(first.get("nextAfter").asInt()).isEqualTo(2);

		this.mongo.getCollection(Collections.PAGES)
			.updateOne(new Document(PageFields.ID, PageFields.idOf(id, 3)),
					new Document("$set", new Document(PageFields.STATUS, "DONE").append(PageFields.TEXT, "three")));
		JsonNode next = body(get("/api/v1/jobs/" + id + "/pages?after=2&limit=1"));
		assertThat(next.get("items").size()).isEqualTo(1);
		assertThat(next.get("items").get(0).get("page").asInt()).isEqualTo(3);
		assertThat(next.get("nextAfter").asInt()).isEqualTo(3);
		JsonNode rest = body(get("/api/v1/jobs/" + id + "/pages?after=3"));
		assertThat(rest.get("items").size()).isEqualTo(1);
		assertThat(rest.get("nextAfter").asInt()).isEqualTo(4);
	}

	@Test
	void batchAggregates() {
		String batchId = new org.bson.types.ObjectId().toHexString();
		insertJob(OWNER, "SUCCEEDED", 2, 2, 0, 0, Map.of(JobFields.BATCH_ID, batchId));
		insertJob(OWNER, "RUNNING", 3, 1, 1, 0, Map.of(JobFields.BATCH_ID, batchId));
		JsonNode batch = body(get("/api/v1/batches/" + batchId));
		assertThat(batch.get("batchId").asString()).isEqualTo(batchId);
		assertThat(batch.get("jobs").get("SUCCEEDED").asInt()).isEqualTo(1);
		assertThat(batch.get("jobs").get("RUNNING").asInt()).isEqualTo(1);
		assertThat(batch.get("jobs").get("FAILED").asInt()).isZero();
		assertThat(batch.get("pages").get("total").asInt()).isEqualTo(5);
		assertThat(batch.get("pages").get("done").asInt()).isEqualTo(3);
		assertThat(batch.get("pages").get("skipped").asInt()).isEqualTo(1);
		assertThat(batch.get("items").size()).isEqualTo(2);
		assertProblem(get("/api/v1/batches/0123456789abcdef01234567"), 404, "BATCH_NOT_FOUND");
	}

	private String finishedJobWithPages() {
		String id = insertJob(OWNER, "PARTIAL", 3, 2, 0, 1,
				Map.of(JobFields.FINISHED_AT, new Date()));
		// inserted out of order: the result must come back in page order
		insertPage(id, 3, "DONE", "Third – page ✓", null);
		insertPage(id, 1, "DONE", "First page\n", null);
		insertPage(id, 2, "FAILED", null, "OCR_TIMEOUT");
		return id;
	}

	private String insertBatchJob(String owner) {
		String batchId = new org.bson.types.ObjectId().toHexString();
		insertJob(owner, "QUEUED", 0, 0, 0, 0, Map.of(JobFields.BATCH_ID, batchId));
		return batchId;
	}

	private void insertPage(String jobId, int page, String status, String text, String errorCode) {
		Document document = new Document(PageFields.ID, PageFields.idOf(jobId, page)).append(PageFields.JOB_ID, jobId)
			.append(PageFields.OWNER, OWNER)
			.append(PageFields.PAGE, page)
			.append(PageFields.STATUS, status)
			.append(PageFields.ENGINE, "gemini")
			.append(PageFields.MODEL, "gemini-flash")
			.append(PageFields.MODEL_VERSION, "flash-001")
			.append(PageFields.PROMPT_VERSION, "v1")
			.append(PageFields.USAGE, new Document("prompt", 5L).append("output", 2L).append("total", 7L))
			.append(PageFields.LATENCY_MS, 120L)
			.append(PageFields.ATTEMPTS, 1);
		if (text != null) {
			document.append(PageFields.TEXT, text).append(PageFields.FINISH_REASON, "STOP");
			document.append(PageFields.FLAGS,
					List.of(new Document("code", "OCR_FINISH_REASON").append("detail", "MAX_TOKENS")));
		}
		if (errorCode != null) {
			document.append(PageFields.ERROR_CODE, errorCode).append(PageFields.ERROR_MESSAGE, "took too long");
		}
		this.mongo.getCollection(Collections.PAGES).insertOne(document);
	}

	private ResponseEntity<String> get(String uri) {
		return this.http.get().uri(uri).retrieve().toEntity(String.class);
	}

	private JsonNode assertProblem(ResponseEntity<String> response, int status, String code) {
		assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
		assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.isTrue();
		JsonNode problem = body(response);
		assertThat(problem.get("code").asString()).isEqualTo(code);
		assertThat(problem.get("type").asString())
			.isEqualTo("https://ocrpipe.dev/problems/" + code.toLowerCase().replace('_', '-'));
		assertThat(problem.get("requestId").asString()).isEqualTo(response.getHeaders().getFirst("X-Request-Id"));
		return problem;
	}

}
