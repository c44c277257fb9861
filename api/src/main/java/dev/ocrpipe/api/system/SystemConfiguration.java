package dev.ocrpipe.api.system;

import java.time.Clock;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ocrpipe.common.config.SecretSettings;

/**
 * Shared infrastructure beans: the clock every timestamp comes from, who the client is behind
 * proxies, and the masking of secrets in actuator output.
 */
@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * Masks secrets (token and test secrets, OIDC client secrets, passwords in URIs) in
	 * {@code /actuator/env} and {@code /actuator/configprops} even where someone turns
	 * {@code show-values} on.
	 */
	@Bean
	SanitizingFunction secretsSanitizer() {
		return (data) -> SecretSettings.isSecret(data.getKey(), data.getValue()) ? data.withSanitizedValue() : data;
	}

	@Bean
	ClientAddress clientAddress(ClientAddressProperties properties) {
		return new ClientAddress(properties.proxies());
	}

}
