package dev.ocrpipe.api.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import dev.ocrpipe.common.store.AuditFields;
import dev.ocrpipe.common.store.Collections;

/**
 * Keeps the TTL of the audit trail's {@code at} index equal to {@code ocr.api.audit.retention}.
 * A TTL index keeps the {@code expireAfterSeconds} it was created with, and the migration that
 * creates it runs once, so a changed setting is applied here at startup with {@code collMod}:
 * the new period then holds for every stored event, shortening or lengthening the trail at once
 * (which is why the trail has one TTL on {@code at} rather than an {@code expiresAt} per event,
 * where a longer period would only reach new events).
 */
class AuditRetention {

	private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

	/** MongoDB's code for an unknown command (servers without {@code collMod}, like mongo-java-server). */
	private static final int COMMAND_NOT_FOUND = 59;

	private static final Document KEY = new Document(AuditFields.AT, 1);

	private final MongoDatabase db;

	private final Duration retention;

	AuditRetention(MongoDatabase db, Duration retention) {
		this.db = db;
		this.retention = retention;
	}

	/**
	 * Sets the TTL to the configured retention if it differs.
	 * @return whether it was changed
	 */
	boolean reconcile() {
		MongoCollection<Document> events = this.db.getCollection(Collections.AUDIT_EVENTS);
		Document index = ttlIndex(events);
		if (index == null) {
			log.warn("Audit retention: no TTL index on {}.{} (migration V005 creates it); events are not expired",
					Collections.AUDIT_EVENTS, AuditFields.AT);
			return false;
		}
		long wanted = this.retention.toSeconds();
		long current = ((Number) index.get("expireAfterSeconds")).longValue();
		if (current == wanted) {
			return false;
		}
		try {
			this.db.runCommand(new Document("collMod", Collections.AUDIT_EVENTS).append("index",
					new Document("keyPattern", KEY).append("expireAfterSeconds", wanted)));
		}
		catch (MongoCommandException ex) {
			if (ex.getErrorCode() != COMMAND_NOT_FOUND) {
				throw ex;
			}
			// no collMod here: build the index again with the new TTL (MongoDB never gets here)
			events.dropIndex(index.getString("name"));
			events.createIndex(Indexes.ascending(AuditFields.AT), new IndexOptions().expireAfter(wanted, TimeUnit.SECONDS));
		}
		log.info("Audit retention: TTL of {}.{} changed from {}s to {}s (ocr.api.audit.retention={})",
				Collections.AUDIT_EVENTS, AuditFields.AT, current, wanted, this.retention);
		return true;
	}

	/** The TTL index on {@code at}, or null. */
	static Document ttlIndex(MongoCollection<Document> events) {
		return events.listIndexes()
			.into(new ArrayList<>())
			.stream()
			.filter((index) -> KEY.equals(index.get("key")) && index.get("expireAfterSeconds") instanceof Number)
			.findFirst()
			.orElse(null);
	}

}
