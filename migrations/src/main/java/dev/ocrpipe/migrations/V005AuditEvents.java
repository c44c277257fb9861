package dev.ocrpipe.migrations;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import dev.ocrpipe.common.store.AuditFields;
import dev.ocrpipe.common.store.Collections;
import io.mongock.api.annotations.ChangeUnit;
import io.mongock.api.annotations.Execution;
import io.mongock.api.annotations.RollbackExecution;

/**
 * The audit trail's indexes: the TTL index on {@code at} that removes old events (created with
 * the default retention; the API sets it to {@code ocr.api.audit.retention} at startup with
 * {@code collMod}, since a change unit runs once and a TTL is fixed at creation), and one index
 * per query of {@code GET /api/v1/audit}, newest first with the id as tie-breaker.
 */
@ChangeUnit(id = "V005-audit-events", order = "005", author = "ocrpipe")
public class V005AuditEvents {

	/** What {@code ocr.api.audit.retention} defaults to. */
	public static final Duration DEFAULT_RETENTION = Duration.ofDays(365);

	@Execution
	public void apply(MongoDatabase db) {
		var audit = db.getCollection(Collections.AUDIT_EVENTS);
		audit.createIndex(Indexes.ascending(AuditFields.AT),
				new IndexOptions().expireAfter(DEFAULT_RETENTION.toSeconds(), TimeUnit.SECONDS));
		audit.createIndex(Indexes.compoundIndex(Indexes.ascending(AuditFields.ACTOR),
				Indexes.descending(AuditFields.AT, AuditFields.ID)));
		audit.createIndex(Indexes.compoundIndex(Indexes.ascending(AuditFields.ACTION),
				Indexes.descending(AuditFields.AT, AuditFields.ID)));
		audit.createIndex(Indexes.descending(AuditFields.AT, AuditFields.ID));
	}

	/** Kept on rollback, like every index. */
	@RollbackExecution
	public void rollback() {
	}

}
