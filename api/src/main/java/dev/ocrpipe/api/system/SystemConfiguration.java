package dev.ocrpipe.api.system;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Shared infrastructure beans: the clock every timestamp comes from, who the client is behind
 * proxies, and the local-user owner until authentication lands.
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

	@Bean
	@ConditionalOnMissingBean
	CurrentOwner currentOwner(OwnerProperties properties) {
		String owner = properties.localUser();
		return () -> owner;
	}

}
