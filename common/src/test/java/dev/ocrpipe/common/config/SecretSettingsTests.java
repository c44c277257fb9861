package dev.ocrpipe.common.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretSettingsTests {

	@Test
	void secretsInEverySpellingBootBinds() {
		assertThat(SecretSettings.isSecret("ocr.api.auth.token-secret", "x")).isTrue();
		assertThat(SecretSettings.isSecret("ocr.api.auth.tokenSecret", "x")).isTrue();
		assertThat(SecretSettings.isSecret("OCR_API_AUTH_TESTSECRET", "x")).isTrue();
		assertThat(SecretSettings.isSecret("ocr.worker.gemini.api-key", "x")).isTrue();
		assertThat(SecretSettings.isSecret("OCR_WORKER_GEMINI_APIKEY", "x")).isTrue();
		assertThat(SecretSettings.isSecret("spring.security.oauth2.client.registration.corp.client-secret", "x"))
			.isTrue();
		assertThat(SecretSettings.isSecret("spring.kafka.properties.sasl.jaas.config", "x")).isTrue();
	}

	@Test
	void envStyleNamesOfKeysTokensSecretsAndPasswordsAreSecrets() {
		assertThat(SecretSettings.isSecret("GOOGLE_API_KEY", "x")).isTrue();
		assertThat(SecretSettings.isSecret("GEMINI_KEY", "x")).isTrue();
		assertThat(SecretSettings.isSecret("GITHUB_TOKEN", "x")).isTrue();
		assertThat(SecretSettings.isSecret("SLACK_BOT_TOKEN", "x")).isTrue();
		assertThat(SecretSettings.isSecret("AWS_SECRET_ACCESS_KEY", "x")).isTrue();
		assertThat(SecretSettings.isSecret("SMTP_PASSWORD", "x")).isTrue();
		assertThat(SecretSettings.isSecret("OAUTH_CLIENT_SECRET", "x")).isTrue();
		assertThat(SecretSettings.isSecret("google.api_key", "x")).isTrue();
	}

	@Test
	void uriWithAPasswordIsASecretWhateverItsKey() {
		assertThat(SecretSettings.isSecret("spring.mongodb.uri", "mongodb://ocr:hunter2@db:27017/ocrpipe")).isTrue();
		assertThat(SecretSettings.isSecret("spring.mongodb.uri", "mongodb://db:27017/ocrpipe")).isFalse();
	}

	@Test
	void settingsAboutTokensAreNotSecrets() {
		assertThat(SecretSettings.isSecret("ocr.api.auth.max-tokens-per-user", 50)).isFalse();
		assertThat(SecretSettings.isSecret("ocr.api.auth.default-token-days", 30)).isFalse();
		assertThat(SecretSettings.isSecret("ocr.worker.guard.tokens-per-minute", 1000000)).isFalse();
		assertThat(SecretSettings.isSecret("ocr.api.test-mode", true)).isFalse();
	}

}
