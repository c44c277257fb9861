package dev.ocrpipe.api.uploads;

import java.util.Set;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ocrpipe.api.system.CurrentOwner;
import dev.ocrpipe.api.system.ProblemWriter;

/**
 * Registers the count of uploads in progress right after Spring Security's filter chain (order
 * -100, {@code SecurityProperties.DEFAULT_FILTER_ORDER}) and the rate limiter's stage after it
 * (-99), so the caller is known and a refused request was counted by the rate limiter.
 */
@Configuration(proxyBeanMethods = false)
class QuotaConfiguration {

	static final int AFTER_SECURITY_ORDER = -98;

	@Bean
	FilterRegistrationBean<UploadQuotaFilter> uploadQuotaFilter(OwnerQuotas quotas, CurrentOwner owner,
			ProblemWriter problems) {
		FilterRegistrationBean<UploadQuotaFilter> registration = new FilterRegistrationBean<>(new UploadQuotaFilter(
				quotas, owner, problems, Set.of(UploadController.UPLOAD_PATH, UploadController.BASE64_PATH)));
		registration.setOrder(AFTER_SECURITY_ORDER);
		return registration;
	}

}
