package dev.ocrpipe.api.audit;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One thing to record in the audit trail, as the code that did it knows it; {@link AuditLog}
 * adds the time, and from the current request the actor, client address, request id and user
 * agent. Built fluently:
 * {@code AuditEntry.success(AuditAction.CANCEL, AuditTarget.job(id)).with("result", "cancelling")}.
 *
 * @param action what was done
 * @param outcome how it ended
 * @param reason why it was denied or failed (a stable code), else null
 * @param target what it was done to, or null
 * @param actor who did it; null means the caller of the current request
 * @param details small action-specific facts (at most {@value #MAX_DETAILS} entries, strings cut
 * to {@value #MAX_DETAIL_LENGTH} characters)
 * @param at when it happened; null means now, by the API's clock
 * @param id the record's id when it must be recorded once whoever records it (insert-if-absent);
 * null for a fresh id
 */
public record AuditEntry(AuditAction action, AuditOutcome outcome, String reason, AuditTarget target, String actor,
		Map<String, Object> details, Instant at, String id) {

	/** The actor of actions taken by workers (a job's terminal state). */
	public static final String WORKER = "system:worker";

	/** The actor of the retention sweeper's deletions. */
	public static final String SWEEPER = "system:sweeper";

	static final int MAX_DETAILS = 16;

	static final int MAX_DETAIL_LENGTH = 256;

	public AuditEntry {
		if (action == null || outcome == null) {
			throw new IllegalArgumentException("An audit entry needs an action and an outcome");
		}
		details = (details != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(details)) : Map.of();
	}

	public static AuditEntry success(AuditAction action, AuditTarget target) {
		return new AuditEntry(action, AuditOutcome.SUCCESS, null, target, null, null, null, null);
	}

	public static AuditEntry denied(AuditAction action, AuditTarget target, String reason) {
		return new AuditEntry(action, AuditOutcome.DENIED, reason, target, null, null, null, null);
	}

	public static AuditEntry failed(AuditAction action, AuditTarget target, String reason) {
		return new AuditEntry(action, AuditOutcome.FAILED, reason, target, null, null, null, null);
	}

	/** The same entry done by {@code actor} rather than the caller of the current request. */
	public AuditEntry by(String actor) {
		return new AuditEntry(this.action, this.outcome, this.reason, this.target, actor, this.details, this.at, this.id);
	}

	/**
	 * The same entry with one more detail (numbers and booleans kept, anything else as text); a
	 * null value or one past the limit is left out.
	 */
	public AuditEntry with(String key, Object value) {
		if (value == null || this.details.size() >= MAX_DETAILS) {
			return this;
		}
		Map<String, Object> more = new LinkedHashMap<>(this.details);
		// numbers and booleans as they are; everything else as (cut) text, which BSON always stores
		more.put(key, (value instanceof Number || value instanceof Boolean) ? value
				: cut(value.toString(), MAX_DETAIL_LENGTH));
		return new AuditEntry(this.action, this.outcome, this.reason, this.target, this.actor, more, this.at, this.id);
	}

	/** The same entry at the time it happened elsewhere (a worker's event), not now. */
	public AuditEntry at(Instant at) {
		return new AuditEntry(this.action, this.outcome, this.reason, this.target, this.actor, this.details, at, this.id);
	}

	/** The same entry under a deterministic id: recording it again changes nothing. */
	public AuditEntry once(String id) {
		return new AuditEntry(this.action, this.outcome, this.reason, this.target, this.actor, this.details, this.at, id);
	}

	static String cut(String value, int max) {
		return (value == null || value.length() <= max) ? value : value.substring(0, max);
	}

}
