package dev.ocrpipe.worker;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

import dev.ocrpipe.worker.pages.PageProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Fail-fast configuration of the worker: invalid settings and the {@code prod} profile's
 * refusals, each naming its setting.
 */
class ConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(Settings.class, Guard.class);

	@Test
	void anInvalidSettingFailsTheStartNamingIt() {
		this.runner.withPropertyValues("ocr.worker.pages.concurrency=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(messages(context.getStartupFailure())).contains("ocr.worker.pages").contains("concurrency");
		});
	}

	@Test
	void theProdProfileRefusesToStartWithDebugLoggingNamingTheSetting() {
		this.runner.withPropertyValues("spring.profiles.active=prod", "logging.level.dev.ocrpipe=DEBUG")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(messages(context.getStartupFailure())).contains("logging.level.dev.ocrpipe must not be DEBUG");
			});
	}

	@Test
	void otherProfilesAllowWhatProdRefuses() {
		this.runner.withPropertyValues("spring.profiles.active=dev", "logging.level.root=TRACE")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void prodRefusesTraceRootLogging() {
		assertThatIllegalStateException().isThrownBy(() -> ProductionGuard.check(prod("logging.level.root", "trace")))
			.withMessageContaining("logging.level.root must not be TRACE");
	}

	@Test
	void prodRefusesGeminiWithoutAKey() {
		assertThatIllegalStateException().isThrownBy(() -> ProductionGuard.check(prod("ocr.worker.engine", "gemini")))
			.withMessageContaining("ocr.worker.gemini.api-key");
	}

	@Test
	void prodRefusesActuatorShowingValues() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ProductionGuard.check(prod("management.endpoint.configprops.show-values", "ALWAYS")))
			.withMessageContaining("management.endpoint.configprops.show-values");
		assertThatIllegalStateException()
			.isThrownBy(() -> ProductionGuard.check(prod("management.endpoint.env.show-values", "always")))
			.withMessageContaining("management.endpoint.env.show-values");
	}

	@Test
	void prodAcceptsSafeSettings() {
		MockEnvironment environment = prod("ocr.worker.engine", "gemini").withProperty("ocr.worker.gemini.api-key", "k")
			.withProperty("logging.level.root", "INFO")
			.withProperty("logging.level.org.apache.kafka", "DEBUG");
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
	@EnableConfigurationProperties(PageProperties.class)
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
