package dev.ocrpipe.api.auth;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import dev.ocrpipe.api.system.ProductionGuard;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * How callers authenticate: session lifetimes and cookie, the server secret API tokens are hashed
 * with, token limits, admins, and the test login.
 *
 * @param secureCookie whether the session cookie is {@code Secure} and named with the
 * {@code __Host-} prefix; false only for a local stack over plain http (prod refuses false)
 * @param idleTimeout a session unused this long ends
 * @param absoluteTimeout a session ends this long after its login, used or not
 * @param touchInterval a session's last use is written at most this often (not on every request)
 * @param tokenSecret the server secret (pepper) API tokens are hashed with (HMAC-SHA256); prod
 * refuses the development default
 * @param maxTokensPerUser how many unexpired tokens one user may hold
 * @param maxTokenDays the longest lifetime a token may be created with, in days
 * @param defaultTokenDays the lifetime of a token created without {@code expiresInDays}
 * @param admins subjects or (verified) e-mail addresses that get the ADMIN role at login
 * @param testSecret the value {@code X-Test-Auth} must carry for the test login; required when
 * {@code ocr.api.test-mode} is true
 * @param testUser the subject of the test login when its body names none
 * @param testUserName the display name of that default user
 */
@Validated
@ConfigurationProperties("ocr.api.auth")
public record AuthProperties(@DefaultValue("true") boolean secureCookie,
		@DefaultValue("30m") @NotNull Duration idleTimeout, @DefaultValue("12h") @NotNull Duration absoluteTimeout,
		@DefaultValue("1m") @NotNull Duration touchInterval,
		@DefaultValue(ProductionGuard.DEVELOPMENT_TOKEN_SECRET) @NotBlank String tokenSecret,
		@DefaultValue("50") @Min(1) int maxTokensPerUser, @DefaultValue("365") @Min(1) @Max(3650) int maxTokenDays,
		@DefaultValue("30") @Min(1) int defaultTokenDays, @DefaultValue({}) List<@NotBlank String> admins,
		String testSecret,
		@DefaultValue("local") @NotBlank @Pattern(regexp = Identity.SUBJECT_PATTERN) String testUser,
		@DefaultValue("Local user") @NotBlank String testUserName) {

	@AssertTrue(message = "idle-timeout, absolute-timeout and touch-interval must be positive, the touch interval shorter than the idle timeout, and default-token-days at most max-token-days")
	boolean isConsistent() {
		return this.idleTimeout.isPositive() && this.absoluteTimeout.isPositive() && this.touchInterval.isPositive()
				&& this.touchInterval.compareTo(this.idleTimeout) < 0 && this.defaultTokenDays <= this.maxTokenDays;
	}

	@Override
	public String toString() {
		return "AuthProperties[secureCookie=" + this.secureCookie + ", idleTimeout=" + this.idleTimeout
				+ ", absoluteTimeout=" + this.absoluteTimeout + ", maxTokensPerUser=" + this.maxTokensPerUser
				+ ", maxTokenDays=" + this.maxTokenDays + ", admins=" + this.admins + ", testUser=" + this.testUser + "]";
	}

}
