package dev.ocrpipe.migrationsfailing;

import java.util.concurrent.atomic.AtomicBoolean;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;

import io.mongock.api.annotations.ChangeUnit;
import io.mongock.api.annotations.Execution;
import io.mongock.api.annotations.RollbackExecution;

/**
 * A change unit that fails while {@link #FAIL} is set (outside {@code dev.ocrpipe.migrations},
 * which holds only the real ones).
 */
@ChangeUnit(id = "V902-failing", order = "902", author = "test")
public class V902Failing {

	/** Whether the next run fails. */
	public static final AtomicBoolean FAIL = new AtomicBoolean();

	@Execution
	public void apply(MongoDatabase db) {
		if (FAIL.get()) {
			throw new IllegalStateException("V902 failed on purpose");
		}
		db.getCollection("things").createIndex(Indexes.ascending("failing"));
	}

	@RollbackExecution
	public void rollback() {
	}

}
