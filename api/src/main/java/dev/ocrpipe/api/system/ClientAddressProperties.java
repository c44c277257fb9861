package dev.ocrpipe.api.system;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;

/**
 * Which peers may tell the API who the client is ({@code X-Forwarded-For}); by default none, so
 * the key of an unauthenticated client is the address it connected from.
 *
 * @param trustedProxies IP addresses or CIDR blocks of the reverse proxies / load balancers in
 * front of the API, e.g. {@code 10.0.0.0/8,fd00::/8}
 */
@Validated
@ConfigurationProperties("ocr.api.client-address")
record ClientAddressProperties(@DefaultValue({}) List<@NotBlank String> trustedProxies) {

	@AssertTrue(message = "trusted-proxies must be IP addresses or CIDR blocks, e.g. 10.0.0.0/8 or fd00::/8")
	boolean isValid() {
		try {
			new ClientAddress(this.trustedProxies);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
