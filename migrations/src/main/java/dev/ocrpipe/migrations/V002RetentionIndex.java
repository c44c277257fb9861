package dev.ocrpipe.migrations;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;

import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.common.store.JobFields;
import io.mongock.api.annotations.ChangeUnit;
import io.mongock.api.annotations.Execution;
import io.mongock.api.annotations.RollbackExecution;

/**
 * The index the API's retention sweeper finds expired finished jobs by
 * ({@code status ∈ terminal, finishedAt < cutoff}).
 */
@ChangeUnit(id = "V002-retention-index", order = "002", author = "ocrpipe")
public class V002RetentionIndex {

	@Execution
	public void apply(MongoDatabase db) {
		db.getCollection(Collections.JOBS).createIndex(Indexes.ascending(JobFields.STATUS, JobFields.FINISHED_AT));
	}

	/** Kept on rollback, like every index. */
	@RollbackExecution
	public void rollback() {
	}

}
