package dev.ocrpipe.migrations;

import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.mongock.api.annotations.ChangeUnit;
import io.mongock.api.annotations.Execution;
import io.mongock.api.annotations.RollbackExecution;

/**
 * The indexes of the API's authentication: browser sessions and pending OIDC logins expire by
 * themselves, API tokens are found by their hash (unique) and listed by owner; see
 * {@code docs/data.md}.
 */
@ChangeUnit(id = "V003-auth-indexes", order = "003", author = "ocrpipe")
public class V003AuthCollections {

	/** Browser sessions ({@code _id} = SHA-256 of the session id). */
	public static final String SESSIONS = "sessions";

	/** Personal API tokens (stored as an HMAC of the token). */
	public static final String API_TOKENS = "api_tokens";

	/** OIDC logins between the redirect to the provider and its callback. */
	public static final String OIDC_LOGINS = "oidc_logins";

	@Execution
	public void apply(MongoDatabase db) {
		db.getCollection(SESSIONS).createIndex(Indexes.ascending("expiresAt"), ttl());

		var tokens = db.getCollection(API_TOKENS);
		tokens.createIndex(Indexes.ascending("hash"), new IndexOptions().unique(true));
		tokens.createIndex(Indexes.ascending("owner"));
		tokens.createIndex(Indexes.ascending("expiresAt"), ttl());

		db.getCollection(OIDC_LOGINS).createIndex(Indexes.ascending("expiresAt"), ttl());
	}

	/** Kept on rollback, like every index. */
	@RollbackExecution
	public void rollback() {
	}

	private static IndexOptions ttl() {
		return new IndexOptions().expireAfter(0L, TimeUnit.SECONDS);
	}

}
