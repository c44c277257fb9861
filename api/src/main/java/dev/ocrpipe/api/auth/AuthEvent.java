package dev.ocrpipe.api.auth;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What happened to someone's authentication, published as a Spring application event so that the
 * audit log (another package) can record it without this package knowing how.
 */
public sealed interface AuthEvent {

	/** Who it happened to; for a failed login the subject it claimed, or null. */
	String subject();

	/** {@code request.getRemoteAddr()}: the peer, or the client a trusted proxy names. */
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
	 * A login was refused: a wrong test secret, an OIDC error.
	 *
	 * @param method {@code oidc} or {@code test}
	 * @param reason why, for people
	 */
	record LoginFailed(String subject, String clientIp, String requestId, Instant at, String method,
			String reason) implements AuthEvent {

		@Override
		public Map<String, Object> details() {
			return Map.of("method", this.method, "reason", this.reason);
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
