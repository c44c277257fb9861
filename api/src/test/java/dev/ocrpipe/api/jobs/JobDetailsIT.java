package dev.ocrpipe.api.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import dev.ocrpipe.api.IntegrationTestBase;
import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.common.store.PageFields;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a job's page ledger adds to its view: cost from the price table, flagged pages, the flag
 * count, and the links of the actions the job allows.
 */
class JobDetailsIT extends IntegrationTestBase {

	@Test
	void costAndFlaggedPagesComeFromTheLedger() {
		String id = insertJob(OWNER, "PARTIAL", 6, 4, 1, 1, Map.of());
		insertPage(id, 1, "DONE", usage("gemini-2.5-flash", 1000, 200));
		insertPage(id, 2, "DONE", usage("gemini-2.5-flash-lite", 2000, 100));
		insertPage(id, 3, "DONE", usage("gemini-9-experimental", 500, 50));
		insertPage(id, 4, "SKIPPED_TEXT_LAYER", new Document());
		insertPage(id, 5, "DONE",
				usage("models/gemini-2.5-flash", 1000, 200).append(PageFields.FLAGS,
						List.of(new Document("code", "OCR_FINISH_REASON").append("detail", "MAX_TOKENS"),
								new Document("code", "TEXT_LAYER_DISAGREEMENT"))));
		insertPage(id, 6, "FAILED", new Document(PageFields.ERROR_CODE, "OCR_TIMEOUT").append(PageFields.ERROR_MESSAGE,
				"no answer within 60s"));

		JsonNode job = body(this.http.get().uri("/api/v1/jobs/" + id).retrieve().toEntity(String.class));

		JsonNode cost = job.get("cost");
		assertThat(cost.get("currency").asString()).isEqualTo("USD");
		// flash: 2000 × 0.30 + 400 × 2.50 = 1600 per million; lite: 2000 × 0.10 + 100 × 0.40 = 240
		assertThat(cost.get("estimated").decimalValue()).isEqualByComparingTo("0.001840");
		assertThat(cost.get("pricedModels")).extracting(JsonNode::asString)
			.containsExactly("gemini-2.5-flash", "gemini-2.5-flash-lite");
		assertThat(cost.get("unpricedModels")).extracting(JsonNode::asString).containsExactly("gemini-9-experimental");
		JsonNode flash = cost.get("byModel").get(0);
		assertThat(flash.get("model").asString()).isEqualTo("gemini-2.5-flash");
		assertThat(flash.get("pages").asInt()).isEqualTo(2);
		assertThat(flash.get("prompt").asLong()).isEqualTo(2000);
		assertThat(cost.get("byModel").get(2).get("cost").isNull()).isTrue();
		// each page by itself: priced by its model, unpriced models and text-layer pages carry no cost
		JsonNode pages = body(this.http.get().uri("/api/v1/jobs/" + id + "/pages").retrieve().toEntity(String.class))
			.get("items");
		assertThat(pages.get(0).get("cost").decimalValue()).isEqualByComparingTo("0.000800");
		assertThat(pages.get(1).get("cost").decimalValue()).isEqualByComparingTo("0.000240");
		assertThat(pages.get(2).has("cost")).isFalse();
		assertThat(pages.get(3).has("cost")).isFalse();
		assertThat(pages.get(4).get("cost").decimalValue()).isEqualByComparingTo("0.000800");

		assertThat(job.get("pages").get("flags").asInt()).isEqualTo(1);
		assertThat(job.get("flaggedPagesTruncated").asBoolean()).isFalse();
		JsonNode flagged = job.get("flaggedPages");
		assertThat(flagged).hasSize(2);
		assertThat(flagged.get(0).get("page").asInt()).isEqualTo(5);
		assertThat(flagged.get(0).get("status").asString()).isEqualTo("DONE");
		assertThat(flagged.get(0).get("codes")).extracting(JsonNode::asString)
			.containsExactly("OCR_FINISH_REASON", "TEXT_LAYER_DISAGREEMENT");
		assertThat(flagged.get(0).get("detail").asString()).isEqualTo("MAX_TOKENS");
		assertThat(flagged.get(1).get("page").asInt()).isEqualTo(6);
		assertThat(flagged.get(1).get("status").asString()).isEqualTo("FAILED");
		assertThat(flagged.get(1).get("codes")).extracting(JsonNode::asString).containsExactly("OCR_TIMEOUT");
		assertThat(flagged.get(1).get("detail").asString()).isEqualTo("no answer within 60s");

		assertThat(job.get("links").get("events").asString()).isEqualTo("/api/v1/jobs/" + id + "/events");
		assertThat(job.get("links").get("retry").asString()).isEqualTo("/api/v1/jobs/" + id + "/retry");
		assertThat(job.get("links").has("cancel")).isFalse();
	}

	@Test
	void jobWithoutTokensCostsNothingAndUnpricedAloneIsNoEstimate() {
		String free = insertJob(OWNER, "SUCCEEDED", 1, 0, 1, 0, Map.of());
		insertPage(free, 1, "SKIPPED_TEXT_LAYER", new Document());
		JsonNode cost = body(this.http.get().uri("/api/v1/jobs/" + free).retrieve().toEntity(String.class)).get("cost");
		assertThat(cost.get("estimated").decimalValue()).isZero();
		assertThat(cost.get("pricedModels")).isEmpty();
		assertThat(cost.get("unpricedModels")).isEmpty();

		String unknown = insertJob(OWNER, "SUCCEEDED", 1, 1, 0, 0, Map.of());
		insertPage(unknown, 1, "DONE", usage(null, 100, 10));
		JsonNode unpriced = body(this.http.get().uri("/api/v1/jobs/" + unknown).retrieve().toEntity(String.class))
			.get("cost");
		assertThat(unpriced.has("estimated")).isFalse();
		assertThat(unpriced.get("unpricedModels")).extracting(JsonNode::asString).containsExactly("unknown");
	}

	@Test
	void flaggedPagesAreCapped() {
		String id = insertJob(OWNER, "FAILED", 105, 0, 0, 105, Map.of());
		List<Document> pages = new ArrayList<>();
		for (int page = 1; page <= 105; page++) {
			pages.add(page(id, page, "FAILED", new Document(PageFields.ERROR_CODE, "OCR_UNAVAILABLE")));
		}
		this.mongo.getCollection(Collections.PAGES).insertMany(pages);

		JsonNode job = body(this.http.get().uri("/api/v1/jobs/" + id).retrieve().toEntity(String.class));

		assertThat(job.get("flaggedPages")).hasSize(100);
		assertThat(job.get("flaggedPages").get(99).get("page").asInt()).isEqualTo(100);
		assertThat(job.get("flaggedPagesTruncated").asBoolean()).isTrue();
		assertThat(job.get("pages").get("flags").asInt()).isZero();
	}

	@Test
	void listsLeaveTheLedgerAlone() {
		String id = insertJob(OWNER, "RUNNING", 2, 1, 0, 0, Map.of());
		insertPage(id, 1, "DONE", usage("gemini-2.5-flash", 10, 10));

		JsonNode list = body(this.http.get().uri("/api/v1/jobs?status=RUNNING&limit=100").retrieve().toEntity(String.class));

		JsonNode item = null;
		for (JsonNode candidate : list.get("items")) {
			if (id.equals(candidate.get("id").asString())) {
				item = candidate;
			}
		}
		assertThat(item).isNotNull();
		assertThat(item.has("cost")).isFalse();
		assertThat(item.has("flaggedPages")).isFalse();
		assertThat(item.get("pages").has("flags")).isFalse();
		assertThat(item.get("links").get("cancel").asString()).isEqualTo("/api/v1/jobs/" + id + "/cancel");
		assertThat(item.get("links").has("retry")).isFalse();
	}

	private static Document usage(String model, long prompt, long output) {
		Document page = new Document(PageFields.USAGE,
				new Document("prompt", prompt).append("output", output).append("total", prompt + output));
		if (model != null) {
			page.append(PageFields.MODEL, model);
		}
		return page;
	}

	private void insertPage(String jobId, int page, String status, Document extra) {
		this.mongo.getCollection(Collections.PAGES).insertOne(page(jobId, page, status, extra));
	}

	private static Document page(String jobId, int page, String status, Document extra) {
		Document doc = new Document(PageFields.ID, PageFields.idOf(jobId, page)).append(PageFields.JOB_ID, jobId)
			.append(PageFields.OWNER, OWNER)
			.append(PageFields.PAGE, page)
			.append(PageFields.STATUS, status)
			.append(PageFields.TEXT, "text of page " + page);
		doc.putAll(extra);
		return doc;
	}

}
