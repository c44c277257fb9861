package dev.ocrpipe.api.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * Limits on every request body that are not about uploads (those are in
 * {@code ocr.api.uploads.*}): the size of ordinary JSON bodies, the length of one JSON string, and
 * how slowly a body may arrive.
 *
 * @param maxJsonBody the largest body of a request other than an upload (413 above it)
 * @param maxJsonStringLength the longest string value or name in a JSON request body, in
 * characters (413 above it); the base64 upload reads with its own cap, its encoded size limit
 * @param minBodyRate the slowest a body may arrive, per second of waiting for it (408 below it); 0
 * turns the check off
 * @param bodyRateWindow how long the rate is measured over before it is judged, so a short stall
 * of a slow but honest client is forgiven
 * @param bodyStallTimeout the longest single wait for the next bytes of a body (Tomcat's
 * {@code connectionUploadTimeout}; 408 after it)
 */
@Validated
@ConfigurationProperties("ocr.api.request-limits")
public record RequestLimitProperties(@DefaultValue("64KB") @NotNull DataSize maxJsonBody,
		@DefaultValue("16384") @Min(256) int maxJsonStringLength, @DefaultValue("4KB") @NotNull DataSize minBodyRate,
		@DefaultValue("15s") @NotNull Duration bodyRateWindow,
		@DefaultValue("30s") @NotNull Duration bodyStallTimeout) {

	@AssertTrue(message = "max-json-body must be positive, min-body-rate not negative, body-rate-window and body-stall-timeout at least 100ms")
	boolean isConsistent() {
		Duration minimum = Duration.ofMillis(100);
		return this.maxJsonBody.toBytes() > 0 && this.minBodyRate.toBytes() >= 0
				&& this.bodyRateWindow.compareTo(minimum) >= 0 && this.bodyStallTimeout.compareTo(minimum) >= 0;
	}

}
