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
	void prodRefusesPlainHttpOriginsEvenOnLocalhost() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ProductionGuard
				.check(safeProd().withProperty("ocr.api.cors.allowed-origins", "https://ok.example.com,http://ocr.example.com")))
			.withMessageContaining("ocr.api.cors.allowed-origins")
			.withMessageContaining("http://ocr.example.com");
		assertThatIllegalStateException()
			.isThrownBy(() -> ProductionGuard
				.check(safeProd().withProperty("ocr.api.cors.allowed-origins", "http://localhost:5173")))
			.withMessageContaining("http://localhost:5173");
	}

	@Test
	void devAllowsPlainHttpOrigins() {
		this.runner.withPropertyValues("spring.profiles.active=dev", "ocr.api.cors.allowed-origins=http://localhost:5173")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void prodRequiresTrustedProxiesToBeSetExplicitly() {
		MockEnvironment unset = prod("ocr.api.cors.allowed-origins", "https://ocr.example.com")
			.withProperty("ocr.api.auth.token-secret", STRONG_SECRET);
		assertThatIllegalStateException().isThrownBy(() -> ProductionGuard.check(unset))
			.withMessageContaining("ocr.api.client-address.trusted-proxies");
		assertThatIllegalStateException()
			.isThrownBy(() -> ProductionGuard.check(safeProd().withProperty("ocr.api.client-address.trusted-proxies", "")))
			.withMessageContaining("ocr.api.client-address.trusted-proxies");
		assertThatNoException().isThrownBy(
				() -> ProductionGuard.check(safeProd().withProperty("ocr.api.client-address.trusted-proxies", "none")));
		assertThatNoException().isThrownBy(() -> ProductionGuard
			.check(safeProd().withProperty("ocr.api.client-address.trusted-proxies", "10.0.0.0/8,fd00::/8")));
	}

	@Test
	void noneMeansNoTrustedProxy() {
		this.runner.withPropertyValues("ocr.api.client-address.trusted-proxies=none").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ClientAddressProperties.class).proxies()).isEmpty();
		});
		this.runner.withPropertyValues("ocr.api.client-address.trusted-proxies=none,10.0.0.0/8")
			.run((context) -> assertThat(context).hasFailed());
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
			.withProperty("ocr.api.auth.secure-cookie", "true")
			.withProperty("ocr.api.client-address.trusted-proxies", "10.0.0.0/8");
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
	@EnableConfigurationProperties({ CorsProperties.class, ApiProperties.class, ClientAddressProperties.class })
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
