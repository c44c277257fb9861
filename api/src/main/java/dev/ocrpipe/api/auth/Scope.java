package dev.ocrpipe.api.auth;

import java.util.Arrays;
import java.util.Optional;

/**
 * What an API token may do; a session may do everything its user may.
 */
enum Scope {

	/** Reads: jobs, results, pages, batches, event streams. */
	JOBS_READ("jobs:read"),

	/** Changes: uploads, cancel, retry, delete. */
	JOBS_WRITE("jobs:write");

	private final String value;

	Scope(String value) {
		this.value = value;
	}

	String value() {
		return this.value;
	}

	/** The Spring Security authority a scope grants. */
	String authority() {
		return "SCOPE_" + this.value;
	}

	static Optional<Scope> of(String value) {
		return Arrays.stream(values()).filter((scope) -> scope.value.equals(value)).findFirst();
	}

}
