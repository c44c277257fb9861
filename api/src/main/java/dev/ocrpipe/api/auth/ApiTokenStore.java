package dev.ocrpipe.api.auth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Repository;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import dev.ocrpipe.migrations.V003AuthCollections;

/**
 * The {@code api_tokens} collection: one document per personal API token, found by the HMAC of
 * the token (unique index), listed by owner, removed by a TTL index on {@code expiresAt}.
 */
@Repository
class ApiTokenStore {

	/** Its indexes come with the V003 migration. */
	static final String COLLECTION = V003AuthCollections.API_TOKENS;

	private final MongoCollection<Document> tokens;

	ApiTokenStore(MongoTemplate mongo) {
		this.tokens = mongo.getCollection(COLLECTION);
	}

	void insert(StoredToken token) {
		this.tokens.insertOne(new Document("_id", token.id()).append("hash", token.hash())
			.append("owner", token.owner().subject())
			.append("ownerName", token.owner().name())
			.append("ownerEmail", token.owner().email())
			.append("roles", new ArrayList<>(token.owner().roles()))
			.append("name", token.name())
			.append("scopes", token.scopes())
			.append("createdAt", Date.from(token.createdAt()))
			.append("expiresAt", Date.from(token.expiresAt())));
	}

	Optional<StoredToken> findByHash(String hash) {
		return Optional.ofNullable(this.tokens.find(Filters.eq("hash", hash)).first()).map(ApiTokenStore::token);
	}

	Optional<StoredToken> findById(String id) {
		return Optional.ofNullable(this.tokens.find(Filters.eq("_id", id)).first()).map(ApiTokenStore::token);
	}

	List<StoredToken> findByOwner(String owner) {
		return this.tokens.find(Filters.eq("owner", owner))
			.sort(Sorts.descending("createdAt"))
			.map(ApiTokenStore::token)
			.into(new ArrayList<>());
	}

	long countUnexpired(String owner, Instant now) {
		return this.tokens.countDocuments(Filters.and(Filters.eq("owner", owner), Filters.gt("expiresAt", Date.from(now))));
	}

	boolean delete(String id, String owner) {
		return this.tokens.deleteOne(Filters.and(Filters.eq("_id", id), Filters.eq("owner", owner)))
			.getDeletedCount() == 1;
	}

	void deleteById(String id) {
		this.tokens.deleteOne(Filters.eq("_id", id));
	}

	void touch(String id, Instant now) {
		this.tokens.updateOne(Filters.eq("_id", id), Updates.set("lastUsedAt", Date.from(now)));
	}

	private static StoredToken token(Document document) {
		Identity owner = new Identity(document.getString("owner"), document.getString("ownerName"),
				document.getString("ownerEmail"), new HashSet<>(document.getList("roles", String.class, List.of())));
		Date lastUsed = document.getDate("lastUsedAt");
		return new StoredToken(document.getString("_id"), document.getString("hash"), owner, document.getString("name"),
				document.getList("scopes", String.class, List.of()), document.getDate("createdAt").toInstant(),
				document.getDate("expiresAt").toInstant(), (lastUsed != null) ? lastUsed.toInstant() : null);
	}

	/**
	 * A token as stored: never the token itself.
	 *
	 * @param id public id (for listing and revoking)
	 * @param hash HMAC-SHA256 of the token under {@code ocr.api.auth.token-secret}
	 * @param owner whose jobs it acts on, with the roles the owner had when it was created
	 * @param name the owner's label
	 * @param scopes scope values
	 * @param createdAt creation time
	 * @param expiresAt end of its life
	 * @param lastUsedAt last recorded use (at most once per touch interval), or null
	 */
	record StoredToken(String id, String hash, Identity owner, String name, List<String> scopes, Instant createdAt,
			Instant expiresAt, Instant lastUsedAt) {
	}

}
