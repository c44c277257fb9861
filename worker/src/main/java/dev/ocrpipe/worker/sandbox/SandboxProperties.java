package dev.ocrpipe.worker.sandbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * How documents are decoded out of the worker's JVM. A page's deadline is
 * {@code ocr.worker.pages.render-time-limit} (one setting, which the listener's poll interval is
 * sized from too), spent across all attempts at the page.
 *
 * @param processes sandbox processes kept warm; unset, the page slots but at most the number of
 * cores (at least 2): decoding is CPU-bound, so more processes than cores only queue in the kernel
 * instead of in the pool
 * @param heap each process's hard heap cap ({@code -Xmx}); a document that needs more ends its
 * process ({@code -XX:+ExitOnOutOfMemoryError}), not the worker
 * @param planningDeadline the longest checking and counting the pages of one document may take;
 * over it, the job fails with {@code DOCUMENT_TOO_COMPLEX}
 * @param crashRetries how many times a page or a planning whose process died (out of memory,
 * crash) is tried again on a fresh process before it fails ({@code PAGE_TOO_COMPLEX},
 * {@code DOCUMENT_TOO_COMPLEX}); a missed deadline is never tried again
 * @param isolation {@code auto}: run each process in its own network namespace
 * ({@code unshare --net --map-root-user}) where the host allows it, else without, with a warning;
 * {@code required}: refuse to start without it; {@code off}: never
 * @param maxImageBytes the most bytes an uploaded image may decode to (width × height × bits per
 * pixel, from its header before decoding); larger images are decoded subsampled to fit
 * @param warmUp whether each new process renders a small page before it serves, so the first real
 * page does not pay for class loading and compilation
 */
@Validated
@ConfigurationProperties("ocr.worker.sandbox")
public record SandboxProperties(@Min(1) @Max(64) Integer processes, @DefaultValue("512MB") @NotNull DataSize heap,
		@DefaultValue("2m") @NotNull Duration planningDeadline, @DefaultValue("1") @Min(0) @Max(5) int crashRetries,
		@DefaultValue("auto") @NotNull Isolation isolation, @DefaultValue("64MB") @NotNull DataSize maxImageBytes,
		@DefaultValue("true") boolean warmUp) {

	/** Whether sandbox processes get a network namespace of their own (no network at all). */
	public enum Isolation {

		/** Where the host allows it; a warning where it does not. */
		AUTO,
		/** Or the worker does not start. */
		REQUIRED,
		/** Never (hosts that isolate otherwise, or tests). */
		OFF

	}

	/** The process count for this many page slots and cores, unless set. */
	int processesFor(int slots, int cores) {
		return (this.processes != null) ? this.processes : Math.max(1, Math.min(slots, Math.max(2, cores)));
	}

}
