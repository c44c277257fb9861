package dev.ocrpipe.api.audit;

/**
 * What an audited action was done to: a kind ({@code job}, {@code batch}, {@code token},
 * {@code audit}) and its id (may be null).
 *
 * @param type the kind of thing
 * @param id its id, truncated to {@value #MAX_ID_LENGTH} characters (ids come from URLs)
 */
public record AuditTarget(String type, String id) {

	static final int MAX_ID_LENGTH = 64;

	public AuditTarget {
		if (id != null && id.length() > MAX_ID_LENGTH) {
			id = id.substring(0, MAX_ID_LENGTH);
		}
	}

	public static AuditTarget job(String id) {
		return new AuditTarget("job", id);
	}

	public static AuditTarget batch(String id) {
		return new AuditTarget("batch", id);
	}

	public static AuditTarget token(String id) {
		return new AuditTarget("token", id);
	}

}
