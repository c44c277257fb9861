package dev.ocrpipe.api.limits;

import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

import dev.ocrpipe.api.IntegrationTestBase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/limits} reports the upload limits this deployment enforces (the test
 * configuration: 64 KB a file, 160 KB a request, 3 files), for the web app's checks.
 */
class LimitsIT extends IntegrationTestBase {

	@Test
	void theLimitsAreTheConfiguredOnes() {
		ResponseEntity<String> answer = this.http.get().uri("/api/v1/limits").retrieve().toEntity(String.class);

		assertThat(answer.getStatusCode().value()).isEqualTo(200);
		JsonNode limits = body(answer);
		assertThat(limits.get("maxFileBytes").asLong()).isEqualTo(64 * 1024);
		assertThat(limits.get("maxRequestBytes").asLong()).isEqualTo(160 * 1024);
		assertThat(limits.get("maxFilesPerRequest").asInt()).isEqualTo(3);
		assertThat(limits.get("types").toString()).isEqualTo("[\"PDF\",\"PNG\",\"JPEG\",\"TIFF\"]");
		assertThat(anonymous().get().uri("/api/v1/limits").retrieve().toEntity(String.class).getStatusCode().value())
			.isEqualTo(401);
	}

}
