package dev.ocrpipe.api.uploads;

import java.util.List;
import java.util.Map;

import dev.ocrpipe.api.system.ApiProblem;
import dev.ocrpipe.api.system.ProblemCode;

/**
 * The client's {@code Idempotency-Key} header: 1 to 255 printable ASCII characters, unique per
 * owner, chosen by the client (a UUID is typical).
 */
record IdempotencyKey(String value) {

	static final String HEADER = "Idempotency-Key";

	static final int MAX_LENGTH = 255;

	/**
	 * The key of a request, or null when it sends none.
	 * @throws ApiProblem {@code VALIDATION_FAILED} for a key that is empty, too long or not printable ASCII
	 */
	static IdempotencyKey parse(String header) {
		if (header == null) {
			return null;
		}
		boolean printable = header.chars().allMatch((c) -> c >= 0x20 && c <= 0x7E);
		if (header.isEmpty() || header.length() > MAX_LENGTH || !printable) {
			throw new ApiProblem(ProblemCode.VALIDATION_FAILED, "The Idempotency-Key header is invalid.",
					Map.of("errors", List.of(Map.of("field", HEADER, "message",
							"must be 1 to " + MAX_LENGTH + " printable ASCII characters"))));
		}
		return new IdempotencyKey(header);
	}

}
