package dev.ocrpipe.worker.pages;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * How pages are processed.
 *
 * @param concurrency page slots: pages one worker processes at once, whatever the number of
 * partitions; unset, the OCR engine's call limit (the {@code gemini} bulkhead's
 * {@code max-concurrent-calls}, or {@code ocr.worker.tesseract.instances}) plus half as many again,
 * at least two more, so that pages being read, rendered or recorded do not leave a call unused
 * (the engine's limit, not this, caps the calls)
 * @param prefetch how many slots' worth of page tasks to fetch per poll, waiting for a slot; more
 * keeps slots fed between polls, at the cost of more redelivered (no-op) tasks after a crash
 * @param dpi render resolution for OCR
 * @param minDpi a page too large for the pixel cap at {@code dpi} is rendered at a lower resolution,
 * but not below this one: then it fails with {@code PAGE_TOO_LARGE}
 * @param maxPixels the most pixels one rendered page may have (width × height), checked before
 * rendering
 * @param lease how long a worker holds a page before the reconciler considers it lost and queues it
 * again; longer than a page can take (rendering plus {@code ocr.worker.guard.deadline})
 * @param maxAttempts after this many claims of one page (its workers kept disappearing) the page
 * fails with {@code WORKER_LOST} instead of taking down yet another worker
 * @param textLayerMinChars a text layer with fewer non-space characters is not trusted
 * @param previewChars length of the text preview in page events
 * @param stallAfter a running job where nothing happened for this long and no worker holds a page
 * gets the tasks of its queued pages published again (they were lost); long enough not to
 * duplicate tasks that are merely waiting behind a backlog
 * @param maxContentBytes a page whose content streams decode to more than this fails with
 * {@code PAGE_TOO_COMPLEX} before any text extraction or rendering (inflate bombs)
 * @param renderTimeLimit the longest reading, text extraction and rendering of one page may take in
 * sandbox processes, over all attempts (OCR excluded: the guard's deadline bounds that); past it the
 * process is killed and the page fails {@code RENDER_TIMEOUT}
 * @param shutdownGrace on shutdown, how long pages in flight may take to finish before the
 * worker stops waiting (those still waiting for OCR are handed back at once)
 */
@Validated
@ConfigurationProperties("ocr.worker.pages")
public record PageProperties(@Min(1) @Max(256) Integer concurrency,
		@DefaultValue("2") @Min(1) @Max(16) int prefetch, @DefaultValue("200") @Min(50) @Max(600) int dpi,
		@DefaultValue("100") @Min(36) @Max(600) int minDpi,
		@DefaultValue("40000000") @Min(1_000_000) @Max(400_000_000) long maxPixels,
		@DefaultValue("10m") @NotNull Duration lease, @DefaultValue("3") @Min(1) @Max(20) int maxAttempts,
		@DefaultValue("25") @Min(1) int textLayerMinChars,
		@DefaultValue("160") @Min(0) @Max(2000) int previewChars,
		@DefaultValue("10m") @NotNull Duration stallAfter, @DefaultValue("30s") @NotNull Duration shutdownGrace,
		@DefaultValue("33554432") @Min(1024) long maxContentBytes,
		@DefaultValue("60s") @NotNull Duration renderTimeLimit) {
}
