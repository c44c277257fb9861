package dev.ocrpipe.api.uploads;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import dev.ocrpipe.api.IntegrationTestBase;
import dev.ocrpipe.common.store.Collections;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admission control: over the backlog limit uploads get 429 with Retry-After; under it they are
 * accepted again. Runs on a database of its own, so other tests' queued jobs do not count.
 */
@TestPropertySource(properties = { "ocr.api.admission.max-backlog-pages=3", "ocr.api.admission.refresh=0s",
		"ocr.api.admission.retry-after=45s" })
class AdmissionIT extends IntegrationTestBase {

	@DynamicPropertySource
	static void ownDatabase(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> mongoUri("ocrpipe-admission"));
	}

	@Test
	void aFullBacklogRefusesUploadsWithRetryAfterUntilItDrains() {
		var pages = this.mongo.getCollection(Collections.PAGES);
		pages.deleteMany(new Document());
		this.mongo.getCollection(Collections.JOBS).deleteMany(new Document());
		for (int i = 1; i <= 4; i++) {
			pages.insertOne(new Document("_id", "backlog:" + i).append("jobId", "backlog").append("page", i)
				.append("status", "QUEUED"));
		}

		ResponseEntity<String> refused = upload(part("late.pdf", pdf(1), MediaType.APPLICATION_PDF));

		assertThat(refused.getStatusCode().value()).isEqualTo(429);
		assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("45");
		assertThat(refused.getHeaders().getContentType().toString()).startsWith("application/problem+json");
		assertThat(body(refused).path("code").asString()).isEqualTo("BACKLOG_FULL");
		assertThat(body(refused).path("backlog").asLong()).isEqualTo(4);
		assertThat(this.mongo.getCollection(Collections.JOBS).countDocuments()).as("nothing stored").isZero();

		pages.deleteMany(new Document("status", "QUEUED"));
		ResponseEntity<String> accepted = upload(part("later.pdf", pdf(1), MediaType.APPLICATION_PDF));
		assertThat(accepted.getStatusCode().value()).isEqualTo(202);
	}

}
