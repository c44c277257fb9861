package dev.ocrpipe.api.ratelimit;

/**
 * The two-window approximation of a sliding window: the count of the previous fixed window,
 * weighted by how much of it still overlaps the sliding window that ends now, plus the count of
 * the current one. It needs two counters per caller instead of a log of timestamps, and unlike a
 * fixed window it does not let a caller spend two budgets around a window boundary.
 */
final class SlidingWindow {

	private SlidingWindow() {
	}

	/** The start of the fixed window that contains {@code nowMillis}. */
	static long start(long nowMillis, long windowMillis) {
		return Math.floorDiv(nowMillis, windowMillis) * windowMillis;
	}

	/**
	 * Decides a request that has already been counted in {@code current}.
	 * @param limit requests allowed per window
	 * @param windowMillis the window's length
	 * @param nowMillis the time of the request
	 * @param previous the count of the previous fixed window
	 * @param current the count of the current fixed window, this request included
	 */
	static Decision decide(long limit, long windowMillis, long nowMillis, long previous, long current) {
		long start = start(nowMillis, windowMillis);
		long end = start + windowMillis;
		double estimate = previous * (double) (end - nowMillis) / windowMillis + current;
		boolean allowed = estimate <= limit;
		long remaining = Math.max(0, (long) Math.floor(limit - estimate));
		long reset = seconds(end - nowMillis);
		long retryAfter = allowed ? 0 : Math.max(1, seconds(allowedAgainAt(limit, windowMillis, end, previous, current) - nowMillis));
		return new Decision(allowed, limit, remaining, reset, retryAfter);
	}

	/**
	 * When the next request would be allowed if none came before it: later in this window, as the
	 * previous window's weight fades, or else in the next one, where this window's count fades.
	 */
	private static long allowedAgainAt(long limit, long windowMillis, long end, long previous, long current) {
		// in this window the next request is allowed once previous * (end - t) / W + current + 1 <= limit
		long room = limit - current - 1;
		if (room >= 0 && previous > 0) {
			return end - (long) Math.floor((double) room * windowMillis / previous);
		}
		// in the next window: current * (end + W - t) / W + 1 <= limit
		if (current <= limit - 1) {
			return end;
		}
		return end + windowMillis - (long) Math.floor((double) (limit - 1) * windowMillis / current);
	}

	private static long seconds(long millis) {
		return Math.max(0, (millis + 999) / 1000);
	}

	/**
	 * The outcome of a check, with what the {@code RateLimit-*} and {@code Retry-After} headers
	 * tell the client.
	 * @param allowed whether the request may go on
	 * @param limit the budget per window
	 * @param remaining requests left now (rounded down)
	 * @param resetSeconds seconds until the current fixed window ends
	 * @param retryAfterSeconds when rejected, whole seconds until a request would be allowed (at
	 * least 1); 0 when allowed
	 */
	record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {
	}

}
