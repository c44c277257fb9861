package dev.ocrpipe.worker.pages;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * How page work is shared between owners: a job goes to the interactive lane while its owner has
 * few pages open, else to the bulk lane, and each worker keeps some page slots back for the
 * interactive lane, so one owner's batch never makes another owner's small job wait behind it.
 *
 * @param enabled false sends every job to the interactive lane and keeps no slot back (one
 * first-come-first-served queue, as without fairness; jobs already in the bulk lane still drain)
 * @param interactiveMaxPages a job goes to the interactive lane while its owner's open pages (the
 * unfinished pages of all their jobs, this one included) are at most this many, else to the bulk
 * lane; it bounds how much of the interactive lane one owner can fill, so a small job waits behind
 * at most about this many pages per other owner
 * @param reservedSlots page slots the bulk lane may not take, so interactive pages always find one;
 * unset, a quarter of the slots, at least one (none when the worker has a single slot)
 */
@Validated
@ConfigurationProperties("ocr.worker.fairness")
public record FairnessProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("20") @Min(1) @Max(100_000) int interactiveMaxPages, @Min(0) @Max(256) Integer reservedSlots) {

	/** The slots kept back for the interactive lane out of {@code slots}: always leaves bulk one. */
	public int reserved(int slots) {
		if (!this.enabled || slots <= 1) {
			return 0;
		}
		int reserved = (this.reservedSlots != null) ? this.reservedSlots : Math.max(1, slots / 4);
		return Math.min(reserved, slots - 1);
	}

}
