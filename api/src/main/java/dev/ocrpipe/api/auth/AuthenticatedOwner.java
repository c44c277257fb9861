package dev.ocrpipe.api.auth;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import dev.ocrpipe.api.system.CurrentOwner;

/**
 * The owner of the current request is its authenticated caller: jobs are recorded under and
 * filtered by the caller's subject, and the ADMIN role sees everyone's.
 */
@Component
class AuthenticatedOwner implements CurrentOwner {

	@Override
	public String id() {
		return user().subject();
	}

	@Override
	public boolean admin() {
		return user().admin();
	}

	private static AuthenticatedUser user() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof UserAuthentication user) {
			return user.getPrincipal();
		}
		// the security chain lets no unauthenticated request reach code that asks
		throw new IllegalStateException("No authenticated caller on this thread");
	}

}
