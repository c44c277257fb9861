package dev.ocrpipe.api.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;

/**
 * One-time sign-in links of the test mode, so a newcomer on the local stack opens the SPA signed
 * in without an identity provider: a 256-bit random code, stored only as its SHA-256, redeemed at
 * most once (find-and-delete) and only before it expires.
 */
final class SignInLinks {

	static final String COLLECTION = "sign_in_links";

	/** Long enough to copy a link from a terminal into a browser, short enough to be useless later. */
	static final Duration LIFETIME = Duration.ofMinutes(15);

	private final MongoCollection<Document> links;

	private final Clock clock;

	SignInLinks(MongoTemplate mongo, Clock clock) {
		this.links = mongo.getCollection(COLLECTION);
		this.clock = clock;
	}

	/** A new link's code for the subject; links that expired are removed on the way. */
	Issued issue(String subject, boolean admin) {
		Instant now = this.clock.instant();
		this.links.deleteMany(Filters.lte("expiresAt", Date.from(now)));
		String code = Secrets.random256();
		Instant expiresAt = now.plus(LIFETIME);
		this.links.insertOne(new Document("_id", Secrets.sha256(code)).append("subject", subject)
			.append("admin", admin)
			.append("createdAt", Date.from(now))
			.append("expiresAt", Date.from(expiresAt)));
		return new Issued(code, expiresAt);
	}

	/** The link's subject and admin flag, at most once and only before it expires. */
	Optional<Document> redeem(String code) {
		if (code == null || code.isBlank()) {
			return Optional.empty();
		}
		return Optional.ofNullable(this.links.findOneAndDelete(
				Filters.and(Filters.eq("_id", Secrets.sha256(code)), Filters.gt("expiresAt", Date.from(this.clock.instant())))));
	}

	record Issued(String code, Instant expiresAt) {
	}

}
