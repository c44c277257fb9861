package dev.ocrpipe.api.uploads;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import dev.ocrpipe.api.IntegrationTestBase;
import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.common.store.JobFields;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Idempotency-Key} on uploads: a retried request gets the first answer and creates
 * nothing; the key is bound to its request and its owner.
 */
class IdempotencyIT extends IntegrationTestBase {

	@Test
	void sameKeyReplaysTheFirstAnswer() {
		String key = newKey();
		byte[] document = pdf(2);
		long jobsBefore = jobs();
		long filesBefore = files();

		ResponseEntity<String> first = upload("file", List.of(part("scan.pdf", document, MediaType.APPLICATION_PDF)),
				Map.of("Idempotency-Key", key));
		ResponseEntity<String> second = upload("file", List.of(part("scan.pdf", document, MediaType.APPLICATION_PDF)),
				Map.of("Idempotency-Key", key));

		assertThat(first.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(second.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(second.getBody()).isEqualTo(first.getBody());
		assertThat(second.getHeaders().getLocation()).isEqualTo(first.getHeaders().getLocation());
		assertThat(second.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_JSON)).isTrue();
		String id = body(first).get("id").asString();
		assertThat(body(second).get("id").asString()).isEqualTo(id);
		assertThat(jobs()).isEqualTo(jobsBefore + 1);
		assertThat(files()).isEqualTo(filesBefore + 1);
		assertThat(awaitSubmitted(id)).hasSize(1);
		Document entry = entry(OWNER, key);
		assertThat(entry.getString("state")).isEqualTo("COMPLETED");
		assertThat(entry.getList("jobIds", String.class)).containsExactly(id);
		assertThat(entry.getDate("expiresAt").toInstant()).isAfter(Instant.now().plusSeconds(23 * 3600));
	}

	@Test
	void base64BatchReplaysTheFirstAnswer() {
		String key = newKey();
		Map<String, Object> request = Map.of("files",
				List.of(Map.of("filename", "a.png", "contentBase64", b64(image("png"))),
						Map.of("filename", "b.pdf", "contentBase64", b64(pdf(1)))));
		long jobsBefore = jobs();

		ResponseEntity<String> first = base64(request, key);
		ResponseEntity<String> second = base64(request, key);

		assertThat(first.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(second.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(second.getBody()).isEqualTo(first.getBody());
		assertThat(body(second).get("jobs")).hasSize(2);
		assertThat(second.getHeaders().getLocation().toString()).startsWith("/api/v1/batches/");
		assertThat(jobs()).isEqualTo(jobsBefore + 2);
	}

	@Test
	void sameKeyWithOtherFilesIsRefused() {
		String key = newKey();
		assertThat(upload("file", List.of(part("a.pdf", pdf(1), MediaType.APPLICATION_PDF)), Map.of("Idempotency-Key", key))
			.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		long jobsBefore = jobs();

		assertProblem(upload("file", List.of(part("a.pdf", pdf(3), MediaType.APPLICATION_PDF)),
				Map.of("Idempotency-Key", key)), 422, "IDEMPOTENCY_KEY_REUSED");
		assertProblem(upload("file", List.of(part("renamed.pdf", pdf(1), MediaType.APPLICATION_PDF)),
				Map.of("Idempotency-Key", key)), 422, "IDEMPOTENCY_KEY_REUSED");
		assertThat(jobs()).isEqualTo(jobsBefore);
	}

	@Test
	void keysBelongToTheirOwner() {
		String key = newKey();
		byte[] document = pdf(1);
		ResponseEntity<String> mine = upload("file", List.of(part("a.pdf", document, MediaType.APPLICATION_PDF)),
				Map.of("Idempotency-Key", key));
		this.http = clientFor("someone-else");
		ResponseEntity<String> theirs = upload("file", List.of(part("a.pdf", document, MediaType.APPLICATION_PDF)),
				Map.of("Idempotency-Key", key));

		assertThat(mine.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(theirs.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(body(theirs).get("id").asString()).isNotEqualTo(body(mine).get("id").asString());
		assertThat(job(body(theirs).get("id").asString()).getString(JobFields.OWNER)).isEqualTo("someone-else");
	}

	@Test
	void ownersAndKeysWithColonsDoNotShareEntries() {
		// OIDC subjects contain ':' (https://issuer#sub), and so may keys: "a:b" + "c" and "a" + "b:c"
		String suffix = newKey();
		byte[] document = pdf(1);
		this.http = clientFor("https://id.example.com#tenant:x");
		ResponseEntity<String> first = upload("file", List.of(part("a.pdf", document, MediaType.APPLICATION_PDF)),
				Map.of("Idempotency-Key", suffix));
		this.http = clientFor("https://id.example.com#tenant");
		ResponseEntity<String> second = upload("file", List.of(part("a.pdf", document, MediaType.APPLICATION_PDF)),
				Map.of("Idempotency-Key", "x:" + suffix));
		ResponseEntity<String> third = upload("file", List.of(part("b.pdf", pdf(2), MediaType.APPLICATION_PDF)),
				Map.of("Idempotency-Key", "x:" + suffix + "-other"));
		this.http = clientFor("https://id.example.com#tenant:x");
		ResponseEntity<String> fourth = upload("file", List.of(part("b.pdf", pdf(2), MediaType.APPLICATION_PDF)),
				Map.of("Idempotency-Key", suffix + "-other"));

		assertThat(first.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(second.getStatusCode()).as("not a replay of another owner's answer").isEqualTo(HttpStatus.ACCEPTED);
		assertThat(body(second).get("id").asString()).isNotEqualTo(body(first).get("id").asString());
		assertThat(job(body(second).get("id").asString()).getString(JobFields.OWNER))
			.isEqualTo("https://id.example.com#tenant");
		assertThat(third.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(fourth.getStatusCode()).as("not refused over another owner's request").isEqualTo(HttpStatus.ACCEPTED);
	}

	@Test
	void keyInUseByARunningRequestAsksToComeBack() throws IOException {
		String key = newKey();
		byte[] document = pdf(1);
		Document pending = new Document("_id", IdempotencyStore.id(OWNER, key)).append("owner", OWNER)
			.append("key", key)
			.append("fingerprint", fingerprint("a.pdf", document))
			.append("state", "PENDING")
			.append("claim", "another-request")
			.append("createdAt", new Date())
			.append("expiresAt", Date.from(Instant.now().plusSeconds(3600)));
		this.mongo.getCollection(IdempotencyStore.COLLECTION).insertOne(pending);
		long jobsBefore = jobs();

		ResponseEntity<String> response = upload("file", List.of(part("a.pdf", document, MediaType.APPLICATION_PDF)),
				Map.of("Idempotency-Key", key));

		assertProblem(response, 409, "IDEMPOTENCY_KEY_IN_PROGRESS");
		assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("2");
		assertThat(jobs()).isEqualTo(jobsBefore);
	}

	@Test
	void expiredAndAbandonedEntriesAreTakenOver() throws IOException {
		byte[] document = pdf(1);
		String expiredKey = newKey();
		this.mongo.getCollection(IdempotencyStore.COLLECTION)
			.insertOne(new Document("_id", IdempotencyStore.id(OWNER, expiredKey)).append("owner", OWNER)
				.append("key", expiredKey)
				.append("fingerprint", "something-else")
				.append("state", "COMPLETED")
				.append("claim", "old")
				.append("response", "{}")
				.append("location", "/api/v1/jobs/0")
				.append("jobIds", List.of())
				.append("createdAt", Date.from(Instant.now().minusSeconds(2 * 86400)))
				.append("expiresAt", Date.from(Instant.now().minusSeconds(86400))));
		String abandonedKey = newKey();
		this.mongo.getCollection(IdempotencyStore.COLLECTION)
			.insertOne(new Document("_id", IdempotencyStore.id(OWNER, abandonedKey)).append("owner", OWNER)
				.append("key", abandonedKey)
				.append("fingerprint", fingerprint("a.pdf", document))
				.append("state", "PENDING")
				.append("claim", "crashed-instance")
				.append("createdAt", Date.from(Instant.now().minusSeconds(3600)))
				.append("expiresAt", Date.from(Instant.now().plusSeconds(3600))));

		for (String key : List.of(expiredKey, abandonedKey)) {
			ResponseEntity<String> response = upload("file",
					List.of(part("a.pdf", document, MediaType.APPLICATION_PDF)), Map.of("Idempotency-Key", key));
			assertThat(response.getStatusCode()).as(key).isEqualTo(HttpStatus.ACCEPTED);
			assertThat(entry(OWNER, key).getString("state")).isEqualTo("COMPLETED");
			assertThat(entry(OWNER, key).getList("jobIds", String.class)).containsExactly(body(response).get("id").asString());
		}
	}

	@Test
	void rejectedRequestLeavesTheKeyFree() {
		String key = newKey();
		assertProblem(upload("file", List.of(part("empty.pdf", new byte[0], MediaType.APPLICATION_PDF)),
				Map.of("Idempotency-Key", key)), 400, "FILE_EMPTY");
		assertThat(entry(OWNER, key)).isNull();
		assertThat(upload("file", List.of(part("a.pdf", pdf(1), MediaType.APPLICATION_PDF)), Map.of("Idempotency-Key", key))
			.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
	}

	@Test
	void malformedKeysAreRefused() {
		long jobsBefore = jobs();
		// characters are checked in IdempotencyKeyTests: HTTP clients mangle non-ASCII header values
		for (String key : List.of("x".repeat(256), "")) {
			ResponseEntity<String> response = upload("file",
					List.of(part("a.pdf", pdf(1), MediaType.APPLICATION_PDF)), Map.of("Idempotency-Key", key));
			assertThat(response.getStatusCode().value()).as("key [%s]", key).isEqualTo(400);
			JsonNode problem = assertProblem(response, 400, "VALIDATION_FAILED");
			assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("Idempotency-Key");
		}
		assertThat(upload("file", List.of(part("a.pdf", pdf(1), MediaType.APPLICATION_PDF)),
				Map.of("Idempotency-Key", "x".repeat(255))).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(jobs()).isEqualTo(jobsBefore + 1);
	}

	@Test
	void entriesExpireByTtlIndex() {
		List<Document> indexes = this.mongo.getCollection(IdempotencyStore.COLLECTION).listIndexes().into(new ArrayList<>());
		assertThat(indexes).anySatisfy((index) -> {
			assertThat(index.get("key", Document.class).keySet()).containsExactly("expiresAt");
			assertThat(((Number) index.get("expireAfterSeconds")).longValue()).isZero();
		});
	}

	private ResponseEntity<String> base64(Map<String, Object> request, String key) {
		return this.http.post()
			.uri("/api/v1/jobs:base64")
			.header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON)
			.body(this.json.writeValueAsString(request))
			.retrieve()
			.toEntity(String.class);
	}

	private JsonNode assertProblem(ResponseEntity<String> response, int status, String code) {
		assertThat(response.getStatusCode().value()).isEqualTo(status);
		JsonNode problem = body(response);
		assertThat(problem.get("code").asString()).isEqualTo(code);
		return problem;
	}

	private static String fingerprint(String name, byte[] content) throws IOException {
		Fingerprint fingerprint = new Fingerprint();
		fingerprint.add(name, content.length, new ByteArrayInputStream(content));
		return fingerprint.hex();
	}

	private Document entry(String owner, String key) {
		return this.mongo.getCollection(IdempotencyStore.COLLECTION).find(new Document("_id", IdempotencyStore.id(owner, key))).first();
	}

	private long jobs() {
		return this.mongo.getCollection(Collections.JOBS).countDocuments();
	}

	private long files() {
		return this.mongo.getCollection(Collections.UPLOADS_BUCKET + ".files").countDocuments();
	}

	private static String newKey() {
		return "key-" + new ObjectId();
	}

	private static String b64(byte[] bytes) {
		return Base64.getEncoder().encodeToString(bytes);
	}

}
