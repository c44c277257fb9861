package dev.ocrpipe.api.system;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Shared infrastructure beans: the clock every timestamp comes from and who the client is behind
 * proxies.
 */
@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	ClientAddress clientAddress(ClientAddressProperties properties) {
		return new ClientAddress(properties.trustedProxies());
	}

}
