package dev.ocrpipe.api.uploads;

import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import dev.ocrpipe.api.IntegrationTestBase;
import dev.ocrpipe.common.store.Collections;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admission control: over the backlog limit uploads get 429 with Retry-After; under it they are
 * accepted again.
 */
class AdmissionIT extends IntegrationTestBase {

	@Test
	void aFullBacklogRefusesUploadsWithRetryAfterUntilItDrains() {
		var pages = this.mongo.getCollection(Collections.PAGES);
		long jobsBefore = this.mongo.getCollection(Collections.JOBS).countDocuments();
		List<Document> backlog = new ArrayList<>();
		for (int i = 1; i <= MAX_BACKLOG + 1; i++) {
			backlog.add(new Document("_id", "backlog:" + i).append("jobId", "backlog").append("page", i)
				.append("status", "QUEUED"));
		}
		pages.insertMany(backlog);
		try {
			ResponseEntity<String> refused = upload(part("late.pdf", pdf(1), MediaType.APPLICATION_PDF));

			assertThat(refused.getStatusCode().value()).isEqualTo(429);
			assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("45");
			assertThat(refused.getHeaders().getContentType().toString()).startsWith("application/problem+json");
			assertThat(body(refused).path("code").asString()).isEqualTo("BACKLOG_FULL");
			assertThat(body(refused).path("backlog").asLong()).isGreaterThan(MAX_BACKLOG);
			assertThat(this.mongo.getCollection(Collections.JOBS).countDocuments()).as("nothing stored")
				.isEqualTo(jobsBefore);
		}
		finally {
			pages.deleteMany(new Document("jobId", "backlog"));
		}
		ResponseEntity<String> accepted = upload(part("later.pdf", pdf(1), MediaType.APPLICATION_PDF));
		assertThat(accepted.getStatusCode().value()).isEqualTo(202);
	}

}
