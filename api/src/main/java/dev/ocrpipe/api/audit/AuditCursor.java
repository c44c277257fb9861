package dev.ocrpipe.api.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ocrpipe.api.system.ApiProblem;
import dev.ocrpipe.api.system.ProblemCode;

/**
 * The opaque paging cursor of the audit trail: the time and id of the last event seen (events
 * share milliseconds, so the time alone would skip or repeat some), base64url-encoded like the
 * job listing's cursor.
 *
 * @param at the last event's time
 * @param id the last event's id
 */
record AuditCursor(Instant at, String id) {

	private static final Pattern FORM = Pattern.compile("(-?[0-9]{1,19}):([A-Za-z0-9:._-]{1,160})");

	String encode() {
		String raw = this.at.toEpochMilli() + ":" + this.id;
		return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
	}

	/**
	 * @return the cursor, or null for none
	 * @throws ApiProblem {@code INVALID_CURSOR} for anything this API did not hand out
	 */
	static AuditCursor decode(String cursor) {
		if (cursor == null || cursor.isBlank()) {
			return null;
		}
		try {
			String raw = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.US_ASCII);
			Matcher matcher = FORM.matcher(raw);
			if (matcher.matches()) {
				return new AuditCursor(Instant.ofEpochMilli(Long.parseLong(matcher.group(1))), matcher.group(2));
			}
		}
		catch (IllegalArgumentException | java.time.DateTimeException ex) {
			// fall through to the problem below
		}
		throw new ApiProblem(ProblemCode.INVALID_CURSOR, "The cursor is not one this API handed out.");
	}

}
