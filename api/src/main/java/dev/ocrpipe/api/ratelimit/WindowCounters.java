package dev.ocrpipe.api.ratelimit;

import java.time.Instant;

/**
 * The shared counters of fixed windows, one per route class, caller and window start.
 */
interface WindowCounters {

	/**
	 * Counts one request and returns the window's count, this request included.
	 * @param id {@code <class>:<key>:<window start, epoch millis>}
	 * @param expiresAt when the counter may be removed
	 */
	long increment(String id, Instant expiresAt);

	/** The count of a window, 0 if nothing was counted in it. */
	long read(String id);

}
