package dev.ocrpipe.api.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;

import dev.ocrpipe.api.IntegrationTestBase;
import dev.ocrpipe.common.events.Topics;
import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.common.store.PageFields;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/v1/ops/queue}: an admin's browser session only (a user's session and an admin's
 * token get 403), its figures computed from the pages collection and the dead-letter topics, and
 * the same numbers on {@code /actuator/prometheus}.
 */
class OpsQueueIT extends IntegrationTestBase {

	private static final String PATH = "/api/v1/ops/queue";

	@Autowired
	KafkaTemplate<String, Object> kafka;

	@Test
	void onlyAnAdminsSessionSeesTheQueue() {
		assertThat(adminSession().get().uri(PATH).retrieve().toEntity(String.class).getStatusCode().value())
			.isEqualTo(200);

		ResponseEntity<String> user = session(OWNER).get().uri(PATH).retrieve().toEntity(String.class);
		assertThat(user.getStatusCode().value()).isEqualTo(403);
		assertThat(body(user).get("code").asString()).isEqualTo("FORBIDDEN");

		ResponseEntity<String> adminToken = client(tokenFor(ADMIN)).get().uri(PATH).retrieve().toEntity(String.class);
		assertThat(adminToken.getStatusCode().value()).isEqualTo(403);
		assertThat(body(adminToken).get("code").asString()).isEqualTo("TOKEN_SCOPE");

		assertThat(anonymous().get().uri(PATH).retrieve().toEntity(String.class).getStatusCode().value())
			.isEqualTo(401);
	}

	@Test
	void theFiguresComeFromThePagesAndTheDeadLetterTopicsAndPrometheusAgrees() {
		MongoCollection<Document> pages = this.mongo.getCollection(Collections.PAGES);
		String job = insertJob(OWNER, "RUNNING", 6, 2, 0, 0, java.util.Map.of());
		Date now = Date.from(Instant.now());
		insertPage(pages, job, 1, "DONE", "ops-worker-a", now);
		insertPage(pages, job, 2, "DONE", "ops-worker-b", now);
		insertPage(pages, job, 3, "RUNNING", "ops-worker-c", null);
		insertPage(pages, job, 4, "QUEUED", null, null);
		insertPage(pages, job, 5, "QUEUED", null, null);
		insertPage(pages, job, 6, "QUEUED", null, null);
		this.kafka.send(Topics.PAGE_REQUESTED + Topics.DEAD_LETTER_SUFFIX, "ops-it", "a record no worker could read");
		long waiting = pages.countDocuments(Filters.eq(PageFields.STATUS, "QUEUED"));
		long inFlight = pages.countDocuments(Filters.eq(PageFields.STATUS, "RUNNING"));
		RestClient admin = adminSession();

		JsonNode figures = await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> body(admin.get().uri(PATH).retrieve().toEntity(String.class)),
					(answer) -> answer.path("pagesWaiting").asLong() == waiting
							&& answer.path("pagesInFlight").asLong() == inFlight
							&& answer.path("deadLettered").asLong() >= 1);

		assertThat(figures.path("workerIds").toString()).contains("ops-worker-a", "ops-worker-b", "ops-worker-c");
		assertThat(figures.path("pagesPerMinute").asDouble()).isPositive();
		String prometheus = anonymous().get().uri("/actuator/prometheus").retrieve().body(String.class);
		JsonNode same = body(admin.get().uri(PATH).retrieve().toEntity(String.class));
		assertThat(gauge(prometheus, "ocr_ops_pages_waiting")).isEqualTo(same.path("pagesWaiting").asDouble());
		assertThat(gauge(prometheus, "ocr_ops_pages_in_flight")).isEqualTo(same.path("pagesInFlight").asDouble());
		assertThat(gauge(prometheus, "ocr_ops_workers_active")).isEqualTo(same.path("workers").asDouble());
		assertThat(gauge(prometheus, "ocr_ops_pages_per_minute")).isEqualTo(same.path("pagesPerMinute").asDouble());
		assertThat(gauge(prometheus, "ocr_ops_dead_lettered")).isEqualTo(same.path("deadLettered").asDouble());
	}

	private RestClient session(String subject) {
		return anonymous().mutate().defaultHeader("Cookie", sessionCookie(subject)).build();
	}

	private static double gauge(String prometheus, String name) {
		Matcher line = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? (\\S+)$").matcher(prometheus);
		assertThat(line.find()).as(name + " in\n" + prometheus).isTrue();
		return Double.parseDouble(line.group(2));
	}

	private static void insertPage(MongoCollection<Document> pages, String jobId, int page, String status,
			String worker, Date finishedAt) {
		Document document = new Document(PageFields.ID, PageFields.idOf(jobId, page)).append(PageFields.JOB_ID, jobId)
			.append(PageFields.OWNER, OWNER)
			.append(PageFields.PAGE, page)
			.append(PageFields.STATUS, status);
		if (worker != null) {
			document.append(PageFields.WORKER, worker);
		}
		if (finishedAt != null) {
			document.append(PageFields.FINISHED_AT, finishedAt);
		}
		pages.insertOne(document);
	}

}
