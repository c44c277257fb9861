package dev.ocrpipe.api.system;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;

/**
 * Which peers may tell the API who the client is ({@code X-Forwarded-For}); by default none, so
 * the key of an unauthenticated client is the address it connected from. The {@code prod} profile
 * insists on an explicit value (see {@link ProductionGuard}).
 *
 * @param trustedProxies IP addresses or CIDR blocks of the reverse proxies / load balancers in
 * front of the API, e.g. {@code 10.0.0.0/8,fd00::/8}; or {@value #NONE} alone: clients connect
 * directly, no peer is a proxy
 */
@Validated
@ConfigurationProperties("ocr.api.client-address")
record ClientAddressProperties(@DefaultValue({}) List<@NotBlank String> trustedProxies) {

	/** The explicit "no proxy in front of the API" that prod accepts in place of a list. */
	static final String NONE = "none";

	@AssertTrue(message = "trusted-proxies must be IP addresses or CIDR blocks, e.g. 10.0.0.0/8 or fd00::/8, or none alone")
	boolean isValid() {
		try {
			new ClientAddress(proxies());
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/** The trusted proxies as addresses and blocks: empty for {@value #NONE}. */
	List<String> proxies() {
		return isNone(this.trustedProxies) ? List.of() : this.trustedProxies;
	}

	static boolean isNone(List<String> trustedProxies) {
		return trustedProxies.size() == 1 && NONE.equalsIgnoreCase(trustedProxies.get(0).strip());
	}

}
