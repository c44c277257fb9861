package dev.ocrpipe.migrationsfailing;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;

import io.mongock.api.annotations.ChangeUnit;
import io.mongock.api.annotations.Execution;
import io.mongock.api.annotations.RollbackExecution;

/** A change unit that works, applied before the one that fails. */
@ChangeUnit(id = "V901-fine", order = "901", author = "test")
public class V901Fine {

	@Execution
	public void apply(MongoDatabase db) {
		db.getCollection("things").createIndex(Indexes.ascending("fine"));
	}

	@RollbackExecution
	public void rollback() {
	}

}
