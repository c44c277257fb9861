package dev.ocrpipe.api.system;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Registers the browser-facing filters ahead of everything else: security headers first (so even
 * a response written by a later filter carries them), then the request id, then CORS (so a refusal
 * carries the request id). Until spring-security arrives these are plain servlet filters.
 */
@Configuration(proxyBeanMethods = false)
class WebSecurityConfiguration {

	/** Static: a bean factory post-processor must not need this configuration instantiated. */
	@Bean
	static ProductionGuard productionGuard() {
		return new ProductionGuard();
	}

	@Bean
	FilterRegistrationBean<SecurityHeadersFilter> securityHeadersFilter() {
		FilterRegistrationBean<SecurityHeadersFilter> registration = new FilterRegistrationBean<>(
				new SecurityHeadersFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setAsyncSupported(true);
		registration.setDispatcherTypes(jakarta.servlet.DispatcherType.REQUEST, jakarta.servlet.DispatcherType.ERROR,
				jakarta.servlet.DispatcherType.ASYNC);
		return registration;
	}

	@Bean
	FilterRegistrationBean<CorsPolicyFilter> corsPolicyFilter(CorsProperties properties, ProblemWriter problems) {
		FilterRegistrationBean<CorsPolicyFilter> registration = new FilterRegistrationBean<>(
				new CorsPolicyFilter(properties, problems));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
		registration.setAsyncSupported(true);
		return registration;
	}

}
