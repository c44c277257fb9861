package dev.ocrpipe.api.auth;

import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the test login exists: only in test mode, never in the {@code prod} profile, and never
 * without its secret.
 */
class TestLoginConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Beans.class);

	@Test
	void absentWithoutTestMode() {
		this.runner.withPropertyValues("ocr.api.auth.test-secret=s3cret")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TestLoginController.class));
	}

	@Test
	void presentInTestModeWithASecret() {
		this.runner.withPropertyValues("ocr.api.test-mode=true", "ocr.api.auth.test-secret=s3cret")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(TestLoginController.class));
	}

	@Test
	void testModeWithoutASecretFailsTheStartNamingIt() {
		this.runner.withPropertyValues("ocr.api.test-mode=true").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("ocr.api.auth.test-secret");
		});
	}

	@Test
	void neverInTheProdProfileEvenInTestMode() {
		// the production guard refuses this combination anyway; without it the route must still not exist
		this.runner
			.withPropertyValues("spring.profiles.active=prod", "ocr.api.test-mode=true", "ocr.api.auth.test-secret=s3cret")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TestLoginController.class));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(AuthProperties.class)
	@Import(TestLoginController.class)
	static class Beans {

		@Bean
		Clock clock() {
			return Clock.systemUTC();
		}

		@Bean
		Admins admins(AuthProperties properties) {
			return new Admins(properties);
		}

		/** Never connected: the sign-in links are only constructed here. */
		@Bean
		org.springframework.data.mongodb.core.MongoTemplate mongoTemplate() {
			return new org.springframework.data.mongodb.core.MongoTemplate(
					com.mongodb.client.MongoClients.create("mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=100"), "unused");
		}

		@Bean
		CsrfCookies csrfCookies() {
			return new CsrfCookies(true);
		}

		@Bean
		Sessions sessions(AuthProperties properties, Clock clock, ApplicationEventPublisher events) {
			return new Sessions(null, properties, clock, events, new dev.ocrpipe.api.system.ClientAddress(java.util.List.of()),
					new Admins(properties));
		}

	}

}
