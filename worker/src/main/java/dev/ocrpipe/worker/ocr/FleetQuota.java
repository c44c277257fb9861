package dev.ocrpipe.worker.ocr;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The Gemini project's quota (requests and input tokens per minute) shared by every worker of the
 * fleet. Workers lease permits in small batches from one counter document per model and minute in
 * MongoDB ({@code $inc} guarded by the limit, so the fleet together never takes more than the
 * quota), spend them locally, and correct the token count with what each call really used. A 429
 * puts the whole fleet on pause until its {@code Retry-After}, through one shared document.
 * <p>
 * Fixed one-minute windows, like Gemini's own: a burst at a window's end and another at the next
 * one's start is possible, as it is against the real quota.
 * <p>
 * Interactive pages ({@link OcrPriority}) go first: while one of them waits here, bulk pages of
 * this worker take no permit, so when quota is scarce an interactive page gets the next one
 * instead of racing the bulk backlog for it.
 */
public class FleetQuota {

	static final String COLLECTION = dev.ocrpipe.common.store.Collections.OCR_QUOTA;

	private static final Duration BACKOFF_REFRESH = Duration.ofSeconds(1);

	/** How long a bulk page steps back while an interactive one waits, before it looks again. */
	private static final Duration YIELD = Duration.ofMillis(100);

	private final MongoCollection<Document> quota;

	private final GuardProperties properties;

	private final String model;

	private final Clock clock;

	private final Pauses pauses;

	private long window = -1;

	private int requestsLeft;

	private long tokensLeft;

	private Instant pausedUntil = Instant.EPOCH;

	private Instant pauseCheckedAt = Instant.EPOCH;

	/** Interactive pages of this worker waiting for a permit. */
	private final AtomicInteger interactiveWaiting = new AtomicInteger();

	public FleetQuota(MongoTemplate mongo, GuardProperties properties, String model, Clock clock, Pauses pauses) {
		this.quota = mongo.getCollection(COLLECTION);
		this.properties = properties;
		this.model = model;
		this.clock = clock;
		this.pauses = pauses;
	}

	/**
	 * Waits until the fleet may make one more call.
	 * @return false if the deadline came first or the worker is stopping
	 */
	public boolean acquire(Instant deadline) {
		if (unlimited() || !OcrPriority.interactive()) {
			// without a quota only a fleet pause is waited for, and every page waits the same
			return acquire(deadline, false);
		}
		this.interactiveWaiting.incrementAndGet();
		try {
			return acquire(deadline, true);
		}
		finally {
			this.interactiveWaiting.decrementAndGet();
		}
	}

	private boolean acquire(Instant deadline, boolean interactive) {
		int tokens = this.properties.estimatedInputTokens();
		while (true) {
			Instant now = this.clock.instant();
			if (!now.isBefore(deadline)) {
				return false;
			}
			Instant paused = fleetPause(now);
			if (paused.isAfter(now)) {
				if (!this.pauses.pause(min(Duration.between(now, paused), Duration.between(now, deadline)))) {
					return false;
				}
				continue;
			}
			if (!interactive && this.interactiveWaiting.get() > 0) {
				// an interactive page is waiting for a permit: it takes the next one
				if (!this.pauses.pause(min(YIELD, Duration.between(now, deadline)))) {
					return false;
				}
				continue;
			}
			if (tryAcquire(now, tokens)) {
				return true;
			}
			Instant next = Instant.ofEpochSecond((now.getEpochSecond() / 60 + 1) * 60);
			if (!this.pauses.pause(min(Duration.between(now, next), Duration.between(now, deadline)))) {
				return false;
			}
		}
	}

	/**
	 * Takes one permit if the fleet has one left in the current window (without waiting).
	 */
	boolean tryAcquire(Instant now, int tokens) {
		return unlimited() || takeLocal(now, tokens);
	}

	/** Interactive pages of this worker waiting for a permit now. */
	int interactiveWaiting() {
		return this.interactiveWaiting.get();
	}

	/** Until when the fleet is paused (a 429 said so), as last read. */
	Instant pausedUntil(Instant now) {
		return fleetPause(now);
	}

	/**
	 * Corrects the shared token count with what a call really used.
	 */
	public void settle(int actualInputTokens) {
		long delta = actualInputTokens - this.properties.estimatedInputTokens();
		if (unlimited() || this.properties.inputTokensPerMinute() == 0 || delta == 0) {
			return;
		}
		long minute = this.clock.instant().getEpochSecond() / 60;
		this.quota.updateOne(Filters.eq("_id", key(minute)), Updates.inc("tokens", delta));
	}

	/**
	 * Pauses every worker of the fleet until {@code retryAfter} has passed (a 429 said so).
	 */
	public void pauseFleet(Duration retryAfter) {
		Instant until = this.clock.instant().plus(retryAfter);
		this.quota.updateOne(Filters.eq("_id", this.model + ":pause"),
				Updates.combine(Updates.max("until", Date.from(until)),
						Updates.set("expiresAt", Date.from(until.plus(Duration.ofHours(1))))),
				new UpdateOptions().upsert(true));
		synchronized (this) {
			if (until.isAfter(this.pausedUntil)) {
				this.pausedUntil = until;
			}
		}
	}

	private boolean unlimited() {
		return this.properties.requestsPerMinute() == 0 && this.properties.inputTokensPerMinute() == 0;
	}

	private synchronized Instant fleetPause(Instant now) {
		if (Duration.between(this.pauseCheckedAt, now).compareTo(BACKOFF_REFRESH) >= 0) {
			this.pauseCheckedAt = now;
			Document pause = this.quota.find(Filters.eq("_id", this.model + ":pause")).first();
			if (pause != null && pause.getDate("until") != null) {
				Instant until = pause.getDate("until").toInstant();
				if (until.isAfter(this.pausedUntil)) {
					this.pausedUntil = until;
				}
			}
		}
		return this.pausedUntil;
	}

	private synchronized boolean takeLocal(Instant now, int tokens) {
		long minute = now.getEpochSecond() / 60;
		if (minute != this.window) {
			this.window = minute;
			this.requestsLeft = 0;
			this.tokensLeft = 0;
		}
		if (this.requestsLeft <= 0 || this.tokensLeft < tokens) {
			lease(minute, tokens);
		}
		if (this.requestsLeft > 0 && this.tokensLeft >= tokens) {
			this.requestsLeft--;
			this.tokensLeft -= tokens;
			return true;
		}
		return false;
	}

	/** Leases a batch of permits, or a single one when a batch no longer fits. */
	private void lease(long minute, int tokens) {
		int batch = this.properties.leaseSize();
		if (this.properties.requestsPerMinute() > 0) {
			batch = Math.min(batch, this.properties.requestsPerMinute());
		}
		if (this.properties.inputTokensPerMinute() > 0) {
			batch = (int) Math.max(1, Math.min(batch, this.properties.inputTokensPerMinute() / tokens));
		}
		for (int size : new int[] { batch, 1 }) {
			long batchTokens = (long) size * tokens;
			List<Bson> room = new ArrayList<>();
			room.add(Filters.eq("_id", key(minute)));
			if (this.properties.requestsPerMinute() > 0) {
				room.add(Filters.lte("requests", this.properties.requestsPerMinute() - size));
			}
			if (this.properties.inputTokensPerMinute() > 0) {
				room.add(Filters.lte("tokens", this.properties.inputTokensPerMinute() - batchTokens));
			}
			Instant end = Instant.ofEpochSecond((minute + 1) * 60);
			try {
				// the filter matches only while the window has room; on a new window the upsert starts
				// from zero (and the batch is capped to the quota above), so the limits hold either way
				this.quota.findOneAndUpdate(Filters.and(room),
						Updates.combine(Updates.inc("requests", size), Updates.inc("tokens", batchTokens),
								Updates.setOnInsert("expiresAt", Date.from(end.plus(Duration.ofHours(1))))),
						new FindOneAndUpdateOptions().upsert(true));
				this.requestsLeft += size;
				this.tokensLeft += batchTokens;
				return;
			}
			catch (MongoWriteException ex) {
				if (ex.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
					throw ex;
				}
			}
			catch (MongoCommandException ex) {
				if (ex.getErrorCode() != 11000) {
					throw ex;
				}
			}
			// the window has no room for this batch: try a single permit, then wait for the next window
		}
	}

	private String key(long minute) {
		return this.model + ":" + minute;
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

}
