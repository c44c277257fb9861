package dev.ocrpipe.api.auth;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What happened to someone's authentication, published as a Spring application event so that the
 * audit log (another package) can record it without this package knowing how.
 */
public sealed interface AuthEvent {

	/** Who it happened to; null for a refused login, which proves no one. */
	String subject();

	/** The client's address ({@code ClientAddress}): the peer, or the client a trusted proxy names. */
	String clientIp();

	/** The request's id (see {@code RequestIds}). */
	String requestId();

	Instant at();

	/** Event-specific facts, never a secret. */
	Map<String, Object> details();

	/**
	 * A session started.
	 *
	 * @param method {@code oidc} or {@code test}
	 */
	record LoggedIn(String subject, String clientIp, String requestId, Instant at, String method) implements AuthEvent {

		@Override
		public Map<String, Object> details() {
			return Map.of("method", this.method);
		}

	}

	/**
	 * A login was refused: a wrong test secret, an OIDC error. It has no subject: whoever the
	 * caller claimed to be is unproven, so the trail records the actor as anonymous and the claim,
	 * cut to {@value #MAX_CLAIMED_SUBJECT} characters, as a detail.
	 *
	 * @param claimedSubject who the caller said it was (the test login's body), or null
	 * @param method {@code oidc} or {@code test}
	 * @param reason why, for people
	 */
	record LoginFailed(String claimedSubject, String clientIp, String requestId, Instant at, String method,
			String reason) implements AuthEvent {

		/** The longest claimed subject kept: as long as a valid one may be. */
		static final int MAX_CLAIMED_SUBJECT = 128;

		public LoginFailed {
			if (claimedSubject != null && claimedSubject.length() > MAX_CLAIMED_SUBJECT) {
				claimedSubject = claimedSubject.substring(0, MAX_CLAIMED_SUBJECT);
			}
		}

		@Override
		public String subject() {
			return null;
		}

		@Override
		public Map<String, Object> details() {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("method", this.method);
			if (this.reason != null) {
				details.put("reason", this.reason);
			}
			if (this.claimedSubject != null) {
				details.put("claimedSubject", this.claimedSubject);
			}
			return details;
		}

	}

	/**
	 * A session was ended by its user.
	 */
	record LoggedOut(String subject, String clientIp, String requestId, Instant at) implements AuthEvent {

		@Override
		public Map<String, Object> details() {
			return Map.of();
		}

	}

	/**
	 * An API token was created.
	 */
	record TokenCreated(String subject, String clientIp, String requestId, Instant at, String tokenId, String name,
			List<String> scopes, Instant expiresAt) implements AuthEvent {

		@Override
		public Map<String, Object> details() {
			return Map.of("tokenId", this.tokenId, "name", this.name, "scopes", this.scopes, "expiresAt",
					this.expiresAt);
		}

	}

	/**
	 * An API token was revoked by its owner.
	 */
	record TokenRevoked(String subject, String clientIp, String requestId, Instant at,
			String tokenId) implements AuthEvent {

		@Override
		public Map<String, Object> details() {
			return Map.of("tokenId", this.tokenId);
		}

	}

}
