package dev.ocrpipe.api.auth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.Optional;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Repository;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import dev.ocrpipe.migrations.V003AuthCollections;

/**
 * The {@code sessions} collection: one document per browser login under the SHA-256 of its id,
 * removed by a TTL index on {@code expiresAt} (and on sight once expired, since mongo-java-server
 * never runs TTLs).
 */
@Repository
class SessionStore {

	/** Its indexes come with the V003 migration. */
	static final String COLLECTION = V003AuthCollections.SESSIONS;

	private final MongoCollection<Document> sessions;

	SessionStore(MongoTemplate mongo) {
		this.sessions = mongo.getCollection(COLLECTION);
	}

	void insert(StoredSession session) {
		this.sessions.insertOne(new Document("_id", session.idHash()).append("subject", session.identity().subject())
			.append("name", session.identity().name())
			.append("email", session.identity().email())
			.append("roles", new ArrayList<>(session.identity().roles()))
			.append("method", session.method())
			.append("verifiedEmail", session.grounds().verifiedEmail())
			.append("explicitAdmin", session.grounds().explicitAdmin())
			.append("createdAt", Date.from(session.createdAt()))
			.append("lastSeenAt", Date.from(session.lastSeenAt()))
			.append("expiresAt", Date.from(session.expiresAt())));
	}

	Optional<StoredSession> find(String idHash) {
		Document found = this.sessions.find(Filters.eq("_id", idHash)).first();
		if (found == null) {
			return Optional.empty();
		}
		Identity identity = new Identity(found.getString("subject"), found.getString("name"),
				found.getString("email"), new HashSet<>(found.getList("roles", String.class, java.util.List.of())));
		// sessions started before the grounds were kept have none: their ADMIN role rests on the subject alone
		Admins.Grounds grounds = new Admins.Grounds(found.getString("verifiedEmail"),
				Boolean.TRUE.equals(found.getBoolean("explicitAdmin")));
		return Optional.of(new StoredSession(idHash, identity, grounds, found.getString("method"),
				found.getDate("createdAt").toInstant(), found.getDate("lastSeenAt").toInstant(),
				found.getDate("expiresAt").toInstant()));
	}

	/** Records a use, unless a concurrent request recorded a later one. */
	void touch(String idHash, Instant lastSeenAt, Instant expiresAt) {
		this.sessions.updateOne(Filters.and(Filters.eq("_id", idHash), Filters.lt("lastSeenAt", Date.from(lastSeenAt))),
				Updates.combine(Updates.set("lastSeenAt", Date.from(lastSeenAt)),
						Updates.set("expiresAt", Date.from(expiresAt))));
	}

	boolean delete(String idHash) {
		return this.sessions.deleteOne(Filters.eq("_id", idHash)).getDeletedCount() == 1;
	}

	/**
	 * A session as stored.
	 *
	 * @param idHash SHA-256 of the session id (the id itself is only in the cookie)
	 * @param identity who it belongs to
	 * @param method how it was started: {@code oidc}, {@code test}
	 * @param grounds what the login proved about the ADMIN role (judged again on every request)
	 * @param createdAt login time
	 * @param lastSeenAt last recorded use
	 * @param expiresAt when it ends unless used: min(lastSeenAt + idle, createdAt + absolute)
	 */
	record StoredSession(String idHash, Identity identity, Admins.Grounds grounds, String method, Instant createdAt,
			Instant lastSeenAt,
			Instant expiresAt) {
	}

}
