package dev.ocrpipe.api.jobs;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

import dev.ocrpipe.api.system.ApiProblem;
import dev.ocrpipe.api.system.ProblemCode;

/**
 * The opaque paging cursor of job listings: the last job id seen, base64url-encoded so clients
 * treat it as a token and we stay free to change what it holds.
 */
final class Cursor {

	private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{24}");

	private Cursor() {
	}

	static String encode(String lastId) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.getBytes(StandardCharsets.US_ASCII));
	}

	static String decode(String cursor) {
		if (cursor == null || cursor.isBlank()) {
			return null;
		}
		try {
			String id = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.US_ASCII);
			if (OBJECT_ID.matcher(id).matches()) {
				return id;
			}
		}
		catch (IllegalArgumentException ex) {
			// fall through to the problem below
		}
		throw new ApiProblem(ProblemCode.INVALID_CURSOR, "The cursor is not one this API handed out.");
	}

	static boolean isJobId(String id) {
		return id != null && OBJECT_ID.matcher(id).matches();
	}

}
