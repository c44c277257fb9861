package dev.ocrpipe.api.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * Who owns the jobs while the API has no authentication: one fixed local user.
 *
 * @param localUser the owner recorded on every job and used to filter every read
 */
@Validated
@ConfigurationProperties("ocr.api.owner")
record OwnerProperties(@DefaultValue("local") @NotBlank @Pattern(regexp = "[A-Za-z0-9._@-]{1,128}") String localUser) {
}
