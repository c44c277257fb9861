package dev.ocrpipe.api.uploads;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.model.Filters;

import dev.ocrpipe.api.IntegrationTestBase;
import io.micrometer.core.instrument.MeterRegistry;
import dev.ocrpipe.common.store.JobFields;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class UploadIT extends IntegrationTestBase {

	@Autowired
	GridFSBucket uploads;

	@Autowired
	MeterRegistry metrics;

	@Test
	void singlePdfIsStoredQueuedAndSubmitted() {
		byte[] pdf = pdf(2);
		ResponseEntity<String> response = upload("file",
				List.of(part("../../etc/Contract.pdf", pdf, MediaType.APPLICATION_PDF)),
				Map.of("X-Request-Id", "it-upload-1"));

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(response.getHeaders().getFirst("X-Request-Id")).isEqualTo("it-upload-1");
		JsonNode job = body(response);
		String id = job.get("id").asString();
		assertThat(id).matches("[0-9a-f]{24}");
		assertThat(response.getHeaders().getLocation()).hasToString("/api/v1/jobs/" + id);
		assertThat(job.get("status").asString()).isEqualTo("QUEUED");
		assertThat(job.get("owner").asString()).isEqualTo(OWNER);
		assertThat(job.get("filename").asString()).isEqualTo("Contract.pdf");
		assertThat(job.get("type").asString()).isEqualTo("PDF");
		assertThat(job.get("sizeBytes").asLong()).isEqualTo(pdf.length);
		assertThat(job.get("sha256").asString()).isEqualTo(sha256(pdf));
		assertThat(job.get("pages").get("total").asInt()).isZero();
		assertThat(job.get("usage").get("total").asLong()).isZero();
		assertThat(job.get("links").get("self").asString()).isEqualTo("/api/v1/jobs/" + id);
		assertThat(job.has("batchId")).isFalse();
		assertThat(job.has("dispatchedAt")).isTrue();

		Document stored = job(id);
		assertThat(stored.getString(JobFields.REQUEST_ID)).isEqualTo("it-upload-1");
		assertThat(stored.get(JobFields.DISPATCH_ATTEMPTS)).isEqualTo(1);
		assertThat(stored.get(JobFields.EVENT_SEQ)).isEqualTo(0L);
		String uploadId = stored.getString(JobFields.UPLOAD_ID);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		this.uploads.downloadToStream(new ObjectId(uploadId), bytes);
		assertThat(bytes.toByteArray()).isEqualTo(pdf);
		GridFSFile file = this.uploads.find(Filters.eq("_id", new ObjectId(uploadId))).first();
		assertThat(file.getFilename()).isEqualTo(id);
		assertThat(file.getMetadata()).containsEntry("jobId", id)
			.containsEntry("owner", OWNER)
			.containsEntry("filename", "Contract.pdf")
			.containsEntry("type", "PDF")
			.containsEntry("sha256", sha256(pdf));

		List<ConsumerRecord<String, String>> records = awaitSubmitted(id);
		JsonNode message = this.json.readTree(records.get(0).value());
		assertThat(message.get("jobId").asString()).isEqualTo(id);
		assertThat(message.get("owner").asString()).isEqualTo(OWNER);
		assertThat(message.get("uploadId").asString()).isEqualTo(uploadId);
		assertThat(message.get("type").asString()).isEqualTo("PDF");
		assertThat(message.get("requestId").asString()).isEqualTo("it-upload-1");
		assertThat(records.get(0).headers().headers("__TypeId__")).isEmpty();
		assertThat(this.metrics.get("ocr.uploads").tag("outcome", "accepted").tag("type", "PDF").counter().count())
			.isPositive();
	}

	@Test
	void severalFilesMakeOneBatchOfJobs() {
		ResponseEntity<String> response = upload(part("a.pdf", pdf(1), MediaType.APPLICATION_OCTET_STREAM),
				part("b.png", image("png"), MediaType.IMAGE_PNG), part("c.jpeg", image("jpg"), null));

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		JsonNode body = body(response);
		String batchId = body.get("batchId").asString();
		assertThat(response.getHeaders().getLocation()).hasToString("/api/v1/batches/" + batchId);
		JsonNode jobs = body.get("jobs");
		assertThat(jobs.size()).isEqualTo(3);
		assertThat(jobs.get(0).get("type").asString()).isEqualTo("PDF");
		assertThat(jobs.get(1).get("type").asString()).isEqualTo("PNG");
		assertThat(jobs.get(2).get("type").asString()).isEqualTo("JPEG");
		for (JsonNode job : jobs) {
			assertThat(job.get("batchId").asString()).isEqualTo(batchId);
			assertThat(awaitSubmitted(job.get("id").asString())).hasSize(1);
		}
		JsonNode batch = body(this.http.get().uri("/api/v1/batches/" + batchId).retrieve().toEntity(String.class));
		assertThat(batch.get("jobs").get("QUEUED").asInt()).isEqualTo(3);
		assertThat(batch.get("items").size()).isEqualTo(3);
	}

	@Test
	void base64SingleDocument() {
		byte[] png = image("png");
		ResponseEntity<String> response = this.http.post()
			.uri("/api/v1/jobs:base64")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("filename", "photo.png", "contentBase64", Base64.getMimeEncoder().encodeToString(png)))
			.retrieve()
			.toEntity(String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		JsonNode job = body(response);
		String id = job.get("id").asString();
		assertThat(response.getHeaders().getLocation()).hasToString("/api/v1/jobs/" + id);
		assertThat(job.get("type").asString()).isEqualTo("PNG");
		assertThat(job.get("sizeBytes").asLong()).isEqualTo(png.length);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		this.uploads.downloadToStream(new ObjectId(job(id).getString(JobFields.UPLOAD_ID)), bytes);
		assertThat(bytes.toByteArray()).isEqualTo(png);
		assertThat(awaitSubmitted(id)).isNotEmpty();
	}

	@Test
	void base64ManyDocuments() {
		byte[] tiff = image("tiff");
		byte[] pdf = pdf(1);
		ResponseEntity<String> response = this.http.post()
			.uri("/api/v1/jobs:base64")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("files",
					List.of(Map.of("filename", "scan.tif", "contentBase64", Base64.getEncoder().encodeToString(tiff)),
							Map.of("filename", "doc.pdf", "contentBase64", Base64.getEncoder().encodeToString(pdf)))))
			.retrieve()
			.toEntity(String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		JsonNode body = body(response);
		assertThat(body.get("batchId").asString()).matches("[0-9a-f]{24}");
		assertThat(body.get("jobs").get(0).get("type").asString()).isEqualTo("TIFF");
		assertThat(body.get("jobs").get(1).get("type").asString()).isEqualTo("PDF");
		assertThat(body.get("jobs").get(1).get("sha256").asString()).isEqualTo(sha256(pdf));
		body.get("jobs").forEach((job) -> assertThat(awaitSubmitted(job.get("id").asString())).hasSize(1));
	}

	@Test
	void unsafeRequestIdIsReplaced() {
		ResponseEntity<String> response = this.http.get()
			.uri("/api/v1/jobs")
			.header("X-Request-Id", "bad id\twith spaces")
			.retrieve()
			.toEntity(String.class);
		assertThat(response.getHeaders().getFirst("X-Request-Id")).isNotBlank()
			.matches("[A-Za-z0-9._-]{1,64}")
			.doesNotContain("bad");
	}

	static String sha256(byte[] bytes) {
		try {
			return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
