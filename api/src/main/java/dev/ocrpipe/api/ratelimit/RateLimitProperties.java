package dev.ocrpipe.api.ratelimit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * How many requests one caller (the authenticated principal, else the client address) may make
 * per window in each route class, and how the shared counters are reached.
 *
 * @param enabled whether requests are counted at all
 * @param window the length of the (sliding) window every budget is counted over
 * @param upload budget of {@code POST /api/v1/jobs} and {@code /api/v1/jobs:base64} (one request
 * counts once, however many files it carries)
 * @param write budget of other state-changing requests (cancel, retry, delete, …)
 * @param read budget of GET/HEAD requests, event-stream connects included
 * @param auth budget of the login, token and OIDC endpoints, always per client address
 * @param authFailures budget of requests with credentials (an {@code Authorization} header or a
 * cookie) that the security chain refused with 401 or 403, per presented credential and per client
 * address; over it, that credential gets 429 before the chain checks it, and so does every
 * credential from that address except those the chain verified within
 * {@code verified-credentials}
 * @param verifiedCredentials how long a credential the chain found valid stays exempt from its
 * address's refusal budget (remembered in memory, by fingerprint, per instance)
 * @param storeTimeout the longest a request waits for its counter in MongoDB before it is let
 * through uncounted (fail open)
 * @param storeBackoff after the counter store failed, how long requests are let through without
 * trying it again (so an outage does not add {@code store-timeout} to every request)
 * @param ipv6PrefixLength how many leading bits of an IPv6 client address are its key: a
 * subscriber controls a whole /64, so counting single addresses would give it 2^64 budgets (IPv4
 * addresses are counted one by one)
 */
@Validated
@ConfigurationProperties("ocr.api.rate-limit")
record RateLimitProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1m") @NotNull Duration window,
		@DefaultValue("120") @Min(1) int upload, @DefaultValue("300") @Min(1) int write,
		@DefaultValue("1200") @Min(1) int read, @DefaultValue("20") @Min(1) int auth,
		@DefaultValue("60") @Min(1) int authFailures, @DefaultValue("1h") @NotNull Duration verifiedCredentials,
		@DefaultValue("200ms") @NotNull Duration storeTimeout, @DefaultValue("5s") @NotNull Duration storeBackoff,
		@DefaultValue("64") @Min(1) @Max(128) int ipv6PrefixLength) {

	@AssertTrue(message = "window must be at least 1s, store-timeout positive, store-backoff not negative")
	boolean isConsistent() {
		return this.window.compareTo(Duration.ofSeconds(1)) >= 0 && this.storeTimeout.isPositive()
				&& !this.storeBackoff.isNegative();
	}

	int limit(RouteClass routeClass) {
		return switch (routeClass) {
			case UPLOAD -> this.upload;
			case WRITE -> this.write;
			case READ -> this.read;
			case AUTH -> this.auth;
			case AUTH_FAILURES -> this.authFailures;
		};
	}

}
