package dev.ocrpipe.api.auth;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import dev.ocrpipe.api.IntegrationTestBase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ops views (the audit trail, actuator endpoints beyond the probes) need an admin's browser
 * session: an API token never reaches them, not even an admin's with every scope, so a leaked
 * read-only token cannot read the trail or switch loggers to DEBUG (bearer requests skip CSRF).
 */
class OpsViewsIT extends IntegrationTestBase {

	@Test
	void anAdminsTokenGets403() {
		for (String[] scopes : new String[][] { { "jobs:read" }, { "jobs:read", "jobs:write" } }) {
			var admin = client(tokenFor(ADMIN, scopes));
			assertTokenRefused(admin.get().uri("/api/v1/audit").retrieve().toEntity(String.class));
			assertTokenRefused(admin.get().uri("/actuator/env").retrieve().toEntity(String.class));
			assertTokenRefused(admin.get().uri("/actuator/configprops").retrieve().toEntity(String.class));
			assertTokenRefused(admin.post()
				.uri("/actuator/loggers/dev.ocrpipe")
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"configuredLevel\":\"DEBUG\"}")
				.retrieve()
				.toEntity(String.class));
		}
	}

	@Test
	void anAdminsSessionGets200() {
		var admin = adminSession();
		assertThat(admin.get().uri("/api/v1/audit?limit=1").retrieve().toEntity(String.class).getStatusCode().value())
			.isEqualTo(200);
		assertThat(admin.get().uri("/actuator/env").retrieve().toEntity(String.class).getStatusCode().value())
			.isEqualTo(200);
	}

	@Test
	void theProbesStayPublic() {
		assertThat(anonymous().get().uri("/actuator/health").retrieve().toEntity(String.class).getStatusCode().value())
			.isEqualTo(200);
		assertThat(client(tokenFor(ADMIN, "jobs:read")).get()
			.uri("/actuator/prometheus")
			.retrieve()
			.toEntity(String.class)
			.getStatusCode()
			.value()).isEqualTo(200);
	}

	private void assertTokenRefused(ResponseEntity<String> response) {
		assertThat(response.getStatusCode().value()).isEqualTo(403);
		assertThat(body(response).get("code").asString()).isEqualTo("TOKEN_SCOPE");
	}

}
