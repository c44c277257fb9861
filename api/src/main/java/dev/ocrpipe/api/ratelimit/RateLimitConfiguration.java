package dev.ocrpipe.api.ratelimit;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

import dev.ocrpipe.api.system.ClientAddress;
import dev.ocrpipe.api.system.ProblemWriter;
import dev.ocrpipe.common.store.Collections;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Registers the rate limiter twice around Spring Security's filter chain, whose
 * {@code DelegatingFilterProxy} runs at order -100 ({@code SecurityProperties.DEFAULT_FILTER_ORDER};
 * named by number because spring-security is not a dependency yet). Both stages run after the
 * security headers, request id and CORS filters, so a 429 carries all three.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "ocr.api.rate-limit.enabled", matchIfMissing = true)
class RateLimitConfiguration {

	/** Just before the security chain: login attempts are counted even when security answers them. */
	static final int BEFORE_SECURITY_ORDER = -101;

	/** Just after the security chain: {@code getUserPrincipal()} is the authenticated user by then. */
	static final int AFTER_SECURITY_ORDER = -99;

	@Bean
	RateLimiter rateLimiter(MongoTemplate mongo, RateLimitProperties properties, Clock clock, MeterRegistry meters) {
		WindowCounters counters = new MongoWindowCounters(mongo.getCollection(Collections.RATE_LIMITS),
				properties.storeTimeout());
		return new RateLimiter(counters, properties, clock, meters);
	}

	@Bean
	VerifiedCredentials verifiedCredentials(RateLimitProperties properties, Clock clock) {
		return new VerifiedCredentials(properties.verifiedCredentials(), clock);
	}

	@Bean
	FilterRegistrationBean<RateLimitFilter> rateLimitBeforeSecurity(RateLimiter limiter, ClientAddress clients,
			ProblemWriter problems, RateLimitProperties properties, VerifiedCredentials verified) {
		return registration(RateLimitFilter.Stage.BEFORE_SECURITY, BEFORE_SECURITY_ORDER, limiter, clients, problems,
				properties, verified);
	}

	@Bean
	FilterRegistrationBean<RateLimitFilter> rateLimitAfterSecurity(RateLimiter limiter, ClientAddress clients,
			ProblemWriter problems, RateLimitProperties properties, VerifiedCredentials verified) {
		return registration(RateLimitFilter.Stage.AFTER_SECURITY, AFTER_SECURITY_ORDER, limiter, clients, problems,
				properties, verified);
	}

	private static FilterRegistrationBean<RateLimitFilter> registration(RateLimitFilter.Stage stage, int order,
			RateLimiter limiter, ClientAddress clients, ProblemWriter problems, RateLimitProperties properties,
			VerifiedCredentials verified) {
		FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(
				new RateLimitFilter(stage, limiter, clients, problems, properties.ipv6PrefixLength(), verified));
		registration.setName("rateLimit" + ((stage == RateLimitFilter.Stage.BEFORE_SECURITY) ? "BeforeSecurity"
				: "AfterSecurity"));
		registration.setOrder(order);
		// event streams connect through here once; their async dispatches are not new requests
		registration.setAsyncSupported(true);
		return registration;
	}

}
