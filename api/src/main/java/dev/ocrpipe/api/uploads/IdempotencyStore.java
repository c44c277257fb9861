package dev.ocrpipe.api.uploads;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import dev.ocrpipe.api.system.ApiProblem;
import dev.ocrpipe.api.system.ProblemCode;
import dev.ocrpipe.common.store.Collections;

/**
 * The {@code idempotency_keys} collection: one entry per owner and key (its {@code _id} a hash of
 * the pair, see {@link #id}), claimed (PENDING) by an
 * atomic insert before anything is stored, completed with the answer the client got, replayed for
 * the same request within the retention, and removed when its request fails. A TTL index on
 * {@code expiresAt} removes old entries on MongoDB; expired entries are treated as absent anyway,
 * since mongo-java-server never removes them.
 */
@Component
public class IdempotencyStore {

	/** The collection name. */
	public static final String COLLECTION = Collections.IDEMPOTENCY_KEYS;

	static final String ID = "_id";

	static final String OWNER = "owner";

	static final String KEY = "key";

	static final String FINGERPRINT = "fingerprint";

	static final String STATE = "state";

	/** Identifies the request holding a PENDING entry, so only it completes or releases the entry. */
	static final String CLAIM = "claim";

	static final String RESPONSE = "response";

	static final String LOCATION = "location";

	/** The jobs the stored answer names; a job's delete removes an entry that names only it. */
	static final String JOB_IDS = "jobIds";

	static final String CREATED_AT = "createdAt";

	static final String COMPLETED_AT = "completedAt";

	static final String EXPIRES_AT = "expiresAt";

	static final String PENDING = "PENDING";

	static final String COMPLETED = "COMPLETED";

	/** Attempts to claim a key when other requests keep replacing the entry under us. */
	private static final int MAX_CLAIM_ATTEMPTS = 3;

	private static final Logger log = LoggerFactory.getLogger(IdempotencyStore.class);

	private final MongoCollection<Document> entries;

	private final IdempotencyProperties properties;

	private final Clock clock;

	IdempotencyStore(MongoTemplate mongo, IdempotencyProperties properties, Clock clock) {
		this.entries = mongo.getCollection(COLLECTION);
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Claims the key for a request with this fingerprint, or finds the answer it already got.
	 * @throws ApiProblem {@code IDEMPOTENCY_KEY_REUSED} when the key was used for another request,
	 * {@code IDEMPOTENCY_KEY_IN_PROGRESS} while another request holds it
	 */
	Claim claim(String owner, IdempotencyKey key, String fingerprint) {
		String id = id(owner, key.value());
		for (int attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
			Instant now = this.clock.instant();
			Document fresh = pending(id, owner, key, fingerprint, now);
			try {
				this.entries.insertOne(fresh);
				return new Claim(id, fresh.getString(CLAIM), null, null);
			}
			catch (MongoWriteException ex) {
				if (ex.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
					throw ex;
				}
			}
			// the owner and key are checked too: an entry is only ever its own owner's
			Document existing = this.entries.find(mine(id, owner, key)).first();
			if (existing == null) {
				continue;
			}
			boolean expired = !instant(existing.get(EXPIRES_AT)).isAfter(now);
			boolean abandoned = PENDING.equals(existing.get(STATE))
					&& instant(existing.get(CREATED_AT)).plus(this.properties.pendingTimeout()).isBefore(now);
			if (expired || abandoned) {
				// take it over, unless someone else just did
				Bson same = Filters.and(mine(id, owner, key), Filters.eq(CLAIM, existing.get(CLAIM)));
				if (this.entries.replaceOne(same, fresh).getModifiedCount() == 1) {
					return new Claim(id, fresh.getString(CLAIM), null, null);
				}
				continue;
			}
			if (!fingerprint.equals(existing.get(FINGERPRINT))) {
				throw new ApiProblem(ProblemCode.IDEMPOTENCY_KEY_REUSED,
						"The Idempotency-Key was already used for a different request (other files); "
								+ "use a new key for a new request.",
						Map.of("idempotencyKey", key.value()));
			}
			if (COMPLETED.equals(existing.get(STATE))) {
				return new Claim(id, null, existing.getString(RESPONSE), existing.getString(LOCATION));
			}
			ApiProblem busy = new ApiProblem(ProblemCode.IDEMPOTENCY_KEY_IN_PROGRESS,
					"A request with this Idempotency-Key is still being processed; retry after it finished.",
					Map.of("idempotencyKey", key.value()));
			busy.getHeaders().set("Retry-After", String.valueOf(Math.max(1, this.properties.retryAfter().toSeconds())));
			throw busy;
		}
		ApiProblem busy = new ApiProblem(ProblemCode.IDEMPOTENCY_KEY_IN_PROGRESS,
				"Requests with this Idempotency-Key keep racing; retry.", Map.of("idempotencyKey", key.value()));
		busy.getHeaders().set("Retry-After", String.valueOf(Math.max(1, this.properties.retryAfter().toSeconds())));
		throw busy;
	}

	/**
	 * Records the answer of a claimed request, to be replayed for the same key until it expires.
	 */
	void complete(Claim claim, String response, String location, List<String> jobIds) {
		Instant now = this.clock.instant();
		long updated = this.entries
			.updateOne(Filters.and(Filters.eq(ID, claim.id()), Filters.eq(CLAIM, claim.token())),
					Updates.combine(Updates.set(STATE, COMPLETED), Updates.set(RESPONSE, response),
							Updates.set(LOCATION, location), Updates.set(JOB_IDS, jobIds),
							Updates.set(COMPLETED_AT, Date.from(now)),
							Updates.set(EXPIRES_AT, Date.from(now.plus(this.properties.retention())))))
			.getModifiedCount();
		if (updated == 0) {
			log.warn("Idempotency entry {} was taken over before its request completed; its answer is not kept",
					claim.id());
		}
	}

	/**
	 * Frees the key of a request that failed, so the client can send it again.
	 */
	void release(Claim claim) {
		try {
			this.entries.deleteOne(Filters.and(Filters.eq(ID, claim.id()), Filters.eq(CLAIM, claim.token())));
		}
		catch (RuntimeException ex) {
			log.warn("Could not release idempotency entry {}; it frees itself after {}: {}", claim.id(),
					this.properties.pendingTimeout(), ex.toString());
		}
	}

	/**
	 * Forgets a deleted job: entries whose answer names only it are removed, others no longer
	 * point at it.
	 */
	public void forgetJob(String owner, String jobId) {
		this.entries.updateMany(Filters.and(Filters.eq(OWNER, owner), Filters.eq(JOB_IDS, jobId)),
				Updates.pull(JOB_IDS, jobId));
		this.entries.deleteMany(
				Filters.and(Filters.eq(OWNER, owner), Filters.eq(STATE, COMPLETED), Filters.size(JOB_IDS, 0)));
	}

	/**
	 * The entry's {@code _id}: the SHA-256 (hex) of the length-prefixed pair, so that no two
	 * (owner, key) pairs share one. OIDC owners contain {@code :} and keys may, so the former
	 * {@code owner + ":" + key} made {@code ("a:b", "c")} and {@code ("a", "b:c")} one entry. A hex
	 * id never equals a former one (those always contain {@code :}).
	 */
	static String id(String owner, String key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest((owner.length() + ":" + owner + key).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

	private static Bson mine(String id, String owner, IdempotencyKey key) {
		return Filters.and(Filters.eq(ID, id), Filters.eq(OWNER, owner), Filters.eq(KEY, key.value()));
	}

	private Document pending(String id, String owner, IdempotencyKey key, String fingerprint, Instant now) {
		return new Document(ID, id).append(OWNER, owner)
			.append(KEY, key.value())
			.append(FINGERPRINT, fingerprint)
			.append(STATE, PENDING)
			.append(CLAIM, UUID.randomUUID().toString())
			.append(CREATED_AT, Date.from(now))
			.append(EXPIRES_AT, Date.from(now.plus(this.properties.retention())));
	}

	private static Instant instant(Object value) {
		return (value instanceof Date date) ? date.toInstant() : Instant.EPOCH;
	}

	/**
	 * A claimed key ({@code token} set) or the stored answer of an earlier request with it
	 * ({@code response} set).
	 */
	record Claim(String id, String token, String response, String location) {

		boolean replay() {
			return this.response != null;
		}

	}

}
