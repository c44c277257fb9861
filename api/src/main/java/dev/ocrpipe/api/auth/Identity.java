package dev.ocrpipe.api.auth;

import java.util.Set;

/**
 * Who logged in, as a login method (OIDC, the test login) established it: what a new session
 * stores.
 *
 * @param subject the stable id jobs are owned by
 * @param name a display name
 * @param email an e-mail address, or null
 * @param roles {@code USER}, and {@code ADMIN} for admins
 */
public record Identity(String subject, String name, String email, Set<String> roles) {

	/** Subjects of the test login: what an owner id may safely look like in ids and logs. */
	static final String SUBJECT_PATTERN = "[A-Za-z0-9._@-]{1,128}";

	static final String USER = "USER";

	static final String ADMIN = "ADMIN";

	public Identity {
		roles = Set.copyOf(roles);
	}

}
