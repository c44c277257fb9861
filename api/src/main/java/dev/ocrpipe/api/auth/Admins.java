package dev.ocrpipe.api.auth;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * Who holds the ADMIN role: the subjects and e-mail addresses listed in
 * {@code ocr.api.auth.admins} (e-mail only when the provider verified it), judged on every request
 * of a session against the current list, so that removing an admin takes the role away at once
 * rather than at their next login. Subjects match
 * exactly, since an OIDC {@code sub} is case-sensitive ({@code Alice} and {@code alice} may be two
 * people); only e-mail addresses (entries with an {@code @}) are compared without case.
 */
@Component
class Admins {

	private final Set<String> subjects = new HashSet<>();

	private final Set<String> emails = new HashSet<>();

	Admins(AuthProperties properties) {
		for (String admin : properties.admins()) {
			String entry = admin.strip();
			this.subjects.add(entry);
			if (entry.contains("@")) {
				this.emails.add(entry.toLowerCase(Locale.ROOT));
			}
		}
	}

	/** The roles of a session's user now, from what its login established. */
	Set<String> roles(String subject, Grounds grounds) {
		return roles(subject, grounds.verifiedEmail(), grounds.explicitAdmin());
	}

	Set<String> roles(String subject, String verifiedEmail, boolean admin) {
		boolean listed = this.subjects.contains(subject)
				|| (verifiedEmail != null && this.emails.contains(verifiedEmail.strip().toLowerCase(Locale.ROOT)));
		return (admin || listed) ? Set.of(Identity.USER, Identity.ADMIN) : Set.of(Identity.USER);
	}

	/**
	 * What a login proved that bears on the ADMIN role, kept with the session so the role can be
	 * judged again on each request.
	 *
	 * @param verifiedEmail the e-mail address the provider verified, or null
	 * @param explicitAdmin whether the login itself asked for the role (the test login's
	 * {@code admin: true}, only in test mode)
	 */
	record Grounds(String verifiedEmail, boolean explicitAdmin) {

		static final Grounds NONE = new Grounds(null, false);

	}

}
