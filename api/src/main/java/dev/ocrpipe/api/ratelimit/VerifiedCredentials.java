package dev.ocrpipe.api.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fingerprints of credentials the security chain recently found valid, in memory: they pass an
 * address that is over its refused-credentials budget without a lookup, so guesses sprayed from an
 * office's shared address do not lock its people out, and a new guess still costs the guesser a
 * 429 rather than the database a lookup. Only the throttle is skipped: the chain still checks
 * every credential (a revoked token is refused, and counted against itself).
 */
final class VerifiedCredentials {

	/** Fingerprints kept at most; past it the memory is dropped and refilled by the next requests. */
	private static final int MAX_REMEMBERED = 100_000;

	private final Map<String, Long> until = new ConcurrentHashMap<>();

	private final Duration ttl;

	private final Clock clock;

	VerifiedCredentials(Duration ttl, Clock clock) {
		this.ttl = ttl;
		this.clock = clock;
	}

	void add(String fingerprint) {
		if (this.until.size() > MAX_REMEMBERED) {
			this.until.clear();
		}
		this.until.put(fingerprint, this.clock.millis() + this.ttl.toMillis());
	}

	boolean contains(String fingerprint) {
		Long end = this.until.get(fingerprint);
		if (end == null) {
			return false;
		}
		if (this.clock.millis() >= end) {
			this.until.remove(fingerprint, end);
			return false;
		}
		return true;
	}

}
