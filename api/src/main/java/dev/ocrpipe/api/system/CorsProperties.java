package dev.ocrpipe.api.system;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Which other origins (scheme://host[:port]) may call the API from a browser; empty means the SPA
 * must be served from the API's own origin. Allowed origins may send credentials.
 *
 * @param allowedOrigins exact origins, e.g. {@code https://ocr.example.com}; {@code *} is refused
 * by the {@code prod} profile
 * @param maxAge how long a browser may cache a preflight answer
 */
@Validated
@ConfigurationProperties("ocr.api.cors")
public record CorsProperties(
		@DefaultValue({}) List<@NotNull @Pattern(regexp = "\\*|https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?",
				message = "must be an origin like https://app.example.com (scheme://host[:port], no path)") String> allowedOrigins,
		@DefaultValue("1h") @NotNull Duration maxAge) {

	@AssertTrue(message = "max-age must not be negative")
	boolean isConsistent() {
		return !this.maxAge.isNegative();
	}

	boolean allowsAny() {
		return this.allowedOrigins.contains("*");
	}

}
