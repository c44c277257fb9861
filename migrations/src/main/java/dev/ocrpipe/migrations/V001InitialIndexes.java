package dev.ocrpipe.migrations;

import java.util.concurrent.TimeUnit;

import org.bson.conversions.Bson;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.common.store.EventFields;
import dev.ocrpipe.common.store.JobFields;
import dev.ocrpipe.common.store.PageFields;
import io.mongock.api.annotations.ChangeUnit;
import io.mongock.api.annotations.Execution;
import io.mongock.api.annotations.RollbackExecution;

/**
 * Every index the api and the worker query by, with MongoDB's default names (derived from the
 * keys) so that an index created earlier by the old startup code is the same index, not a
 * conflict; see {@code docs/data.md} for the reason of each.
 */
@ChangeUnit(id = "V001-initial-indexes", order = "001", author = "ocrpipe")
public class V001InitialIndexes {

	@Execution
	public void apply(MongoDatabase db) {
		var jobs = db.getCollection(Collections.JOBS);
		jobs.createIndex(Indexes.compoundIndex(Indexes.ascending(JobFields.OWNER), Indexes.descending(JobFields.ID)));
		jobs.createIndex(Indexes.compoundIndex(Indexes.ascending(JobFields.OWNER, JobFields.STATUS),
				Indexes.descending(JobFields.ID)));
		jobs.createIndex(Indexes.ascending(JobFields.BATCH_ID));
		jobs.createIndex(Indexes.ascending(JobFields.STATUS, JobFields.DISPATCHED_AT));
		jobs.createIndex(Indexes.ascending(JobFields.STATUS, JobFields.UPDATED_AT));

		var pages = db.getCollection(Collections.PAGES);
		pages.createIndex(Indexes.ascending(PageFields.JOB_ID, PageFields.PAGE), new IndexOptions().unique(true));
		pages.createIndex(Indexes.ascending(PageFields.JOB_ID, PageFields.STATUS));
		pages.createIndex(Indexes.ascending(PageFields.STATUS, PageFields.LEASE_UNTIL));

		var events = db.getCollection(Collections.JOB_EVENTS);
		events.createIndex(Indexes.ascending(EventFields.JOB_ID, EventFields.SEQ));
		events.createIndex(Indexes.ascending(EventFields.OWNER, EventFields.AT));

		var idempotency = db.getCollection(Collections.IDEMPOTENCY_KEYS);
		idempotency.createIndex(expiresAt(), ttl());
		idempotency.createIndex(Indexes.ascending("owner", "jobIds"));

		db.getCollection(Collections.OCR_QUOTA).createIndex(expiresAt(), ttl());

		// the indexes the GridFS spec asks for; the driver would otherwise create them on the
		// first upload, in the request path
		db.getCollection(Collections.UPLOADS_BUCKET + ".files").createIndex(Indexes.ascending("filename", "uploadDate"));
		db.getCollection(Collections.UPLOADS_BUCKET + ".chunks")
			.createIndex(Indexes.ascending("files_id", "n"), new IndexOptions().unique(true));
	}

	/** Indexes are kept on rollback: dropping them would only slow down the version that stays. */
	@RollbackExecution
	public void rollback() {
	}

	private static Bson expiresAt() {
		return Indexes.ascending("expiresAt");
	}

	private static IndexOptions ttl() {
		return new IndexOptions().expireAfter(0L, TimeUnit.SECONDS);
	}

}
