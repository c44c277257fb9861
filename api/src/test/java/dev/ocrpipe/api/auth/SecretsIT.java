package dev.ocrpipe.api.auth;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.ResponseEntity;

import dev.ocrpipe.api.IntegrationTestBase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API's secrets stay in the process: the token and test-login secrets and the OIDC client
 * secret, and environment-style names such as {@code GOOGLE_API_KEY}, are masked in {@code /actuator/env} and {@code /actuator/configprops} although the shared
 * test context exposes both and tells them to show values (and only admins reach them); API tokens,
 * session ids and a wrong test secret appear in no log line and no error body; the settings'
 * {@code toString()} names no secret.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsIT extends IntegrationTestBase {

	private static final String OIDC_CLIENT_SECRET = "it-client-secret";

	@Autowired
	AuthProperties auth;

	@Test
	void actuatorOutputMasksEverySecretAndOnlyAdminsSeeIt() {
		ResponseEntity<String> configprops = adminSession().get()
			.uri("/actuator/configprops")
			.retrieve()
			.toEntity(String.class);
		ResponseEntity<String> env = adminSession().get().uri("/actuator/env").retrieve().toEntity(String.class);

		assertThat(configprops.getStatusCode().value()).isEqualTo(200);
		assertThat(configprops.getBody()).contains("ocr.api.auth", "maxTokensPerUser")
			.doesNotContain(TEST_SECRET, this.auth.tokenSecret(), OIDC_CLIENT_SECRET);
		assertThat(env.getStatusCode().value()).isEqualTo(200);
		assertThat(env.getBody()).contains("ocr.api.auth.test-secret", "client-secret", "GOOGLE_API_KEY")
			.doesNotContain(TEST_SECRET, this.auth.tokenSecret(), OIDC_CLIENT_SECRET, ENV_STYLE_SECRET);

		assertThat(this.http.get().uri("/actuator/env").retrieve().toEntity(String.class).getStatusCode().value())
			.as("an ops view: not for a user who is no admin").isEqualTo(403);
		assertThat(anonymous().get().uri("/actuator/configprops").retrieve().toEntity(String.class)
			.getStatusCode()
			.value()).isEqualTo(401);
	}

	@Test
	void tokensSessionsAndTestSecretsAppearInNoLogAndNoAnswer(CapturedOutput output) {
		String token = tokenFor("secrets-user");
		assertThat(client(token).get().uri("/api/v1/jobs").retrieve().toEntity(String.class).getStatusCode().value())
			.isEqualTo(200);
		ResponseEntity<String> wrongToken = client(token + "x").get()
			.uri("/api/v1/jobs")
			.retrieve()
			.toEntity(String.class);
		Browser browser = new Browser(this.port);
		HttpResponse<String> wrongSecret = browser.testLogin("wrong-" + TEST_SECRET, null);
		HttpResponse<String> login = browser.testLogin(TEST_SECRET, null);
		String session = browser.cookie(Sessions.PLAIN_COOKIE).orElseThrow();
		HttpResponse<String> afterLogout = browser.write("POST", "/api/v1/auth/logout", null);

		assertThat(wrongToken.getStatusCode().value()).isEqualTo(401);
		assertThat(wrongToken.getBody()).doesNotContain(token);
		assertThat(wrongSecret.statusCode()).isEqualTo(401);
		assertThat(wrongSecret.body()).doesNotContain(TEST_SECRET);
		assertThat(login.body()).doesNotContain(TEST_SECRET, session);
		assertThat(afterLogout.statusCode()).isEqualTo(204);
		assertThat(output.getAll()).doesNotContain(token, session, TEST_SECRET, this.auth.tokenSecret());
		assertThat(this.auth.toString()).doesNotContain(TEST_SECRET, this.auth.tokenSecret());
	}

}
