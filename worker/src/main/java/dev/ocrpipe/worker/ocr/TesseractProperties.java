package dev.ocrpipe.worker.ocr;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * Local Tesseract settings.
 *
 * @param tessdata a directory with {@code <language>.traineddata}; empty uses the English data
 * bundled in the worker
 * @param language the Tesseract language code(s), e.g. {@code eng} or {@code eng+deu}
 * @param instances how many Tesseract engines to keep (each recognises one page at a time and
 * holds its model in memory)
 * @param deadline the longest one page's recognition may take; a page over it fails with
 * {@code OCR_TIMEOUT} and its engine goes on with the next page
 */
@Validated
@ConfigurationProperties("ocr.worker.tesseract")
public record TesseractProperties(Path tessdata, @DefaultValue("eng") @NotBlank String language,
		@DefaultValue("2") @Min(1) @Max(64) int instances, @DefaultValue("60s") @NotNull Duration deadline) {
}
