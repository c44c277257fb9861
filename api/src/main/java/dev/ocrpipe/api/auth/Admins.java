package dev.ocrpipe.api.auth;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * Who gets the ADMIN role at login: the subjects and e-mail addresses listed in
 * {@code ocr.api.auth.admins} (e-mail only when the provider verified it).
 */
@Component
class Admins {

	private final Set<String> admins = new HashSet<>();

	Admins(AuthProperties properties) {
		properties.admins().forEach((admin) -> this.admins.add(admin.strip().toLowerCase(Locale.ROOT)));
	}

	Set<String> roles(String subject, String verifiedEmail, boolean admin) {
		boolean listed = this.admins.contains(subject.toLowerCase(Locale.ROOT))
				|| (verifiedEmail != null && this.admins.contains(verifiedEmail.toLowerCase(Locale.ROOT)));
		return (admin || listed) ? Set.of(Identity.USER, Identity.ADMIN) : Set.of(Identity.USER);
	}

}
