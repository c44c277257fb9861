package dev.ocrpipe.migrations;

import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import dev.ocrpipe.common.store.Collections;
import io.mongock.api.annotations.ChangeUnit;
import io.mongock.api.annotations.Execution;
import io.mongock.api.annotations.RollbackExecution;

/**
 * The TTL index that removes the API's rate-limit windows once they can no longer count (two
 * windows after they start); lookups are by {@code _id} and need no other index.
 */
@ChangeUnit(id = "V004-rate-limit-ttl", order = "004", author = "ocrpipe")
public class V004RateLimitTtl {

	@Execution
	public void apply(MongoDatabase db) {
		db.getCollection(Collections.RATE_LIMITS)
			.createIndex(Indexes.ascending("expiresAt"), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
	}

	/** Kept on rollback, like every index. */
	@RollbackExecution
	public void rollback() {
	}

}
