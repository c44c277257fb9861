package dev.ocrpipe.api.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;

import org.bson.Document;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

/**
 * Window counters in the {@code rate_limits} collection: one atomic {@code findOneAndUpdate}
 * upsert with {@code $inc} per request, under a client-side operation timeout that also bounds
 * server selection and the wait for a pooled connection (a slow or absent MongoDB costs a request
 * at most that long). Old windows go by the TTL index on {@code expiresAt}.
 */
class MongoWindowCounters implements WindowCounters {

	static final String COUNT = "count";

	static final String EXPIRES_AT = "expiresAt";

	private static final int DUPLICATE_KEY = 11000;

	private final MongoCollection<Document> collection;

	MongoWindowCounters(MongoCollection<Document> collection, Duration timeout) {
		this.collection = collection.withTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public long increment(String id, Instant expiresAt) {
		try {
			return incrementOnce(id, expiresAt);
		}
		catch (MongoWriteException ex) {
			if (ex.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
				throw ex;
			}
		}
		catch (MongoCommandException ex) {
			if (ex.getErrorCode() != DUPLICATE_KEY) {
				throw ex;
			}
		}
		// two first requests of a window raced to insert it; the loser's update now finds it
		return incrementOnce(id, expiresAt);
	}

	private long incrementOnce(String id, Instant expiresAt) {
		Document counter = this.collection.findOneAndUpdate(Filters.eq("_id", id),
				Updates.combine(Updates.inc(COUNT, 1L), Updates.setOnInsert(EXPIRES_AT, Date.from(expiresAt))),
				new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
		return (counter != null) ? counter.get(COUNT, Number.class).longValue() : 1;
	}

	@Override
	public long read(String id) {
		Document counter = this.collection.find(Filters.eq("_id", id)).projection(Projections.include(COUNT)).first();
		return (counter != null) ? counter.get(COUNT, Number.class).longValue() : 0;
	}

}
