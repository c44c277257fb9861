package dev.ocrpipe.api.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the API as a whole.
 *
 * @param testMode {@code TEST_MODE}: enables test-only surfaces (the test login,
 * {@code POST /api/v1/auth/test-login}, which also needs {@code ocr.api.auth.test-secret}); the
 * {@code prod} profile refuses to start with it
 */
@Validated
@ConfigurationProperties("ocr.api")
public record ApiProperties(@DefaultValue("false") boolean testMode) {
}
