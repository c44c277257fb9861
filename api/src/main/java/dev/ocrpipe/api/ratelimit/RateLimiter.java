package dev.ocrpipe.api.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts a request against its caller's budget and decides it: one counter write per request
 * (the current window), plus one read of the previous window's count per caller and window,
 * which is final by then and kept in memory. When the counter store fails or is slow, requests
 * are let through (fail open), counted in {@code ocr.ratelimit.failed-open} and logged.
 */
class RateLimiter {

	private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

	/** Previous-window counts kept at most; past this the memory is simply dropped and re-read. */
	private static final int MAX_REMEMBERED = 50_000;

	private final WindowCounters counters;

	private final RateLimitProperties properties;

	private final Clock clock;

	private final Map<RouteClass, Meters> meters = new EnumMap<>(RouteClass.class);

	private final Map<String, Long> previousCounts = new ConcurrentHashMap<>();

	private final AtomicLong rememberedWindow = new AtomicLong(Long.MIN_VALUE);

	private final AtomicLong storeSkippedUntil = new AtomicLong(Long.MIN_VALUE);

	/** Keys over their {@link RouteClass#AUTH_FAILURES} budget, until when this instance refuses them. */
	private final Map<String, Long> refusedUntil = new ConcurrentHashMap<>();

	RateLimiter(WindowCounters counters, RateLimitProperties properties, Clock clock, MeterRegistry registry) {
		this.counters = counters;
		this.properties = properties;
		this.clock = clock;
		for (RouteClass routeClass : RouteClass.values()) {
			this.meters.put(routeClass, new Meters(routeClass, registry));
		}
	}

	/**
	 * @param key who is counted: {@code user:<principal>} or {@code ip:<address>}
	 * @return the decision, or {@code null} when the request was let through uncounted
	 */
	SlidingWindow.@Nullable Decision check(RouteClass routeClass, String key) {
		return count(routeClass, key, true);
	}

	/**
	 * @param metered whether the decision is the answer (counted as allowed or rejected), not only
	 * a count of an answer already given
	 */
	private SlidingWindow.@Nullable Decision count(RouteClass routeClass, String key, boolean metered) {
		Meters meters = this.meters.get(routeClass);
		long now = this.clock.millis();
		if (now < this.storeSkippedUntil.get()) {
			meters.failedOpen.increment();
			return null;
		}
		long window = this.properties.window().toMillis();
		long start = SlidingWindow.start(now, window);
		String prefix = routeClass.tag() + ":" + key + ":";
		long current;
		long previous;
		try {
			// a counter is needed until the end of the next window, where it is the previous one
			current = this.counters.increment(prefix + start, Instant.ofEpochMilli(start + 2 * window));
			previous = previous(prefix + (start - window), start);
		}
		catch (RuntimeException ex) {
			failedOpen(now, ex);
			meters.failedOpen.increment();
			return null;
		}
		SlidingWindow.Decision decision = SlidingWindow.decide(this.properties.limit(routeClass), window, now, previous,
				current);
		if (metered) {
			(decision.allowed() ? meters.allowed : meters.rejected).increment();
		}
		return decision;
	}

	/**
	 * Counts a request with credentials that the security chain refused. When that takes the
	 * caller over its budget, this instance refuses the caller's next requests with credentials
	 * itself until the budget allows one again (see {@link #refusing}); other instances learn it
	 * at the caller's next refusal there, from the shared counter.
	 */
	void countRefusal(String key) {
		// the request is answered already: its 429s are counted where they are given, in refusing()
		SlidingWindow.Decision decision = count(RouteClass.AUTH_FAILURES, key, false);
		if (decision != null && !decision.allowed()) {
			if (this.refusedUntil.size() > MAX_REMEMBERED) {
				this.refusedUntil.clear();
			}
			this.refusedUntil.put(key, this.clock.millis() + decision.retryAfterSeconds() * 1000);
		}
	}

	/**
	 * @return a refusal when the caller is over its {@link RouteClass#AUTH_FAILURES} budget (known
	 * from memory, no store access), or {@code null}
	 */
	SlidingWindow.@Nullable Decision refusing(String key) {
		Long until = this.refusedUntil.get(key);
		if (until == null) {
			return null;
		}
		long now = this.clock.millis();
		if (now >= until) {
			this.refusedUntil.remove(key, until);
			return null;
		}
		long window = this.properties.window().toMillis();
		this.meters.get(RouteClass.AUTH_FAILURES).rejected.increment();
		return new SlidingWindow.Decision(false, this.properties.authFailures(), 0,
				seconds(SlidingWindow.start(now, window) + window - now), Math.max(1, seconds(until - now)));
	}

	private static long seconds(long millis) {
		return (millis + 999) / 1000;
	}

	Duration window() {
		return this.properties.window();
	}

	private long previous(String id, long windowStart) {
		if (this.rememberedWindow.getAndSet(windowStart) != windowStart || this.previousCounts.size() > MAX_REMEMBERED) {
			this.previousCounts.clear();
		}
		Long known = this.previousCounts.get(id);
		if (known != null) {
			return known;
		}
		long count = this.counters.read(id);
		this.previousCounts.put(id, count);
		return count;
	}

	private void failedOpen(long now, RuntimeException ex) {
		long until = now + this.properties.storeBackoff().toMillis();
		long before = this.storeSkippedUntil.getAndSet(until);
		if (before < now) {
			log.warn("Rate-limit counters unavailable ({}); letting requests through uncounted for {}",
					ex.toString(), this.properties.storeBackoff());
		}
	}

	private static final class Meters {

		private final Counter allowed;

		private final Counter rejected;

		private final Counter failedOpen;

		Meters(RouteClass routeClass, MeterRegistry registry) {
			this.allowed = Counter.builder("ocr.ratelimit.allowed")
				.description("requests counted and allowed by the rate limiter")
				.tag("class", routeClass.tag())
				.register(registry);
			this.rejected = Counter.builder("ocr.ratelimit.rejected")
				.description("requests refused with 429 by the rate limiter")
				.tag("class", routeClass.tag())
				.register(registry);
			this.failedOpen = Counter.builder("ocr.ratelimit.failed-open")
				.description("requests let through uncounted because the counter store failed or was slow")
				.tag("class", routeClass.tag())
				.register(registry);
		}

	}

}
