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
	void prodAcceptsSafeSettings() {
		MockEnvironment environment = prod("ocr.api.cors.allowed-origins", "https://ocr.example.com")
			.withProperty("ocr.api.test-mode", "false")
			.withProperty("logging.level.root", "INFO");
		assertThatNoException().isThrownBy(() -> ProductionGuard.check(environment));
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
