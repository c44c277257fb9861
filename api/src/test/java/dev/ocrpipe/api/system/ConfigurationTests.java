package dev.ocrpipe.api.system;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Fail-fast configuration of the API: invalid settings and the {@code prod} profile's refusals,
 * each naming its setting.
 */
class ConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Settings.class, Guard.class);

	@Test
	void anInvalidOriginFailsTheStartNamingTheSetting() {
		this.runner.withPropertyValues("ocr.api.cors.allowed-origins=https://ok.example.com/path").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(messages(context.getStartupFailure())).contains("ocr.api.cors").contains("allowedOrigins");
		});
	}

	@Test
	void prodRefusesAWildcardOrigin() {
		this.runner.withPropertyValues("spring.profiles.active=prod", "ocr.api.cors.allowed-origins=*")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(messages(context.getStartupFailure())).contains("ocr.api.cors.allowed-origins");
			});
	}

	@Test
	void devAllowsAWildcardOrigin() {
		this.runner.withPropertyValues("spring.profiles.active=dev", "ocr.api.cors.allowed-origins=*")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void prodRefusesTestMode() {
		assertThatIllegalStateException().isThrownBy(() -> ProductionGuard.check(prod("ocr.api.test-mode", "true")))
			.withMessageContaining("ocr.api.test-mode");
	}

	@Test
	void prodRefusesDebugOrTraceLogging() {
		assertThatIllegalStateException().isThrownBy(() -> ProductionGuard.check(prod("logging.level.root", "debug")))
			.withMessageContaining("logging.level.root must not be DEBUG");
		assertThatIllegalStateException()
			.isThrownBy(() -> ProductionGuard.check(prod("logging.level.dev.ocrpipe.api", "TRACE")))
			.withMessageContaining("logging.level.dev.ocrpipe.api must not be TRACE");
	}

	@Test
	void prodRefusesActuatorShowingValues() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ProductionGuard.check(prod("management.endpoint.env.show-values", "ALWAYS")))
			.withMessageContaining("management.endpoint.env.show-values");
	}

	@Test
	void prodRefusesAMissingDefaultOrShortTokenSecret() {
		assertThatIllegalStateException().isThrownBy(() -> ProductionGuard.check(prod("ocr.api.cors.max-age", "1h")))
			.withMessageContaining("ocr.api.auth.token-secret");
		assertThatIllegalStateException()
			.isThrownBy(() -> ProductionGuard
				.check(prod("ocr.api.auth.token-secret", ProductionGuard.DEVELOPMENT_TOKEN_SECRET)))
			.withMessageContaining("ocr.api.auth.token-secret");
		assertThatIllegalStateException()
			.isThrownBy(() -> ProductionGuard.check(prod("ocr.api.auth.token-secret", "short-secret")))
			.withMessageContaining("ocr.api.auth.token-secret");
	}

	@Test
	void prodRefusesInsecureCookies() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ProductionGuard.check(safeProd().withProperty("ocr.api.auth.secure-cookie", "false")))
			.withMessageContaining("ocr.api.auth.secure-cookie");
	}

	@Test
	void prodRefusesTestModeAtStartup() {
		this.runner
			.withPropertyValues("spring.profiles.active=prod", "ocr.api.test-mode=true",
					"ocr.api.auth.test-secret=whatever", "ocr.api.auth.token-secret=" + STRONG_SECRET)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(messages(context.getStartupFailure())).contains("ocr.api.test-mode must be false");
			});
	}

	@Test
	void prodAcceptsSafeSettings() {
		assertThatNoException().isThrownBy(() -> ProductionGuard.check(safeProd()));
	}

	private static final String STRONG_SECRET = "7b0c1f7e9d2a4c58b1e3f6a9d0c2e4f6a8b0c2d4";

	private static MockEnvironment safeProd() {
		return prod("ocr.api.cors.allowed-origins", "https://ocr.example.com").withProperty("ocr.api.test-mode", "false")
			.withProperty("logging.level.root", "INFO")
			.withProperty("ocr.api.auth.token-secret", STRONG_SECRET)
			.withProperty("ocr.api.auth.secure-cookie", "true");
	}

	private static MockEnvironment prod(String key, String value) {
		MockEnvironment environment = new MockEnvironment().withProperty(key, value);
		environment.setActiveProfiles("prod");
		return environment;
	}

	private static String messages(Throwable failure) {
		StringBuilder all = new StringBuilder();
		for (Throwable t = failure; t != null; t = t.getCause()) {
			all.append(t.getMessage()).append('\n');
		}
		return all.toString();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ CorsProperties.class, ApiProperties.class })
	static class Settings {

	}

	@Configuration(proxyBeanMethods = false)
	static class Guard {

		@Bean
		static ProductionGuard productionGuard() {
			return new ProductionGuard();
		}

	}

}
