package dev.ocrpipe.api.auth;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * Who gets the ADMIN role at login: the subjects and e-mail addresses listed in
 * {@code ocr.api.auth.admins} (e-mail only when the provider verified it). Subjects match
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

	Set<String> roles(String subject, String verifiedEmail, boolean admin) {
		boolean listed = this.subjects.contains(subject)
				|| (verifiedEmail != null && this.emails.contains(verifiedEmail.strip().toLowerCase(Locale.ROOT)));
		return (admin || listed) ? Set.of(Identity.USER, Identity.ADMIN) : Set.of(Identity.USER);
	}

}
