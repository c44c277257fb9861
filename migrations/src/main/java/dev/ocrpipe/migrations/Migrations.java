package dev.ocrpipe.migrations;

import java.util.List;

import com.mongodb.client.MongoClient;

import dev.ocrpipe.common.store.Collections;
import io.mongock.driver.mongodb.sync.v4.driver.MongoSync4Driver;
import io.mongock.runner.standalone.MongockStandalone;

/**
 * Applies the change units with Mongock's plain-driver runner, so that api and worker share one
 * change log, one lock and one list of change units without depending on a Spring Boot version.
 */
public final class Migrations {

	/**
	 * Every change unit (Mongock orders them by their {@code order}). Listed rather than found by
	 * class-path scanning, which nothing then depends on, in tests or in the apps' executable jars.
	 */
	public static final List<Class<?>> CHANGE_UNITS = List.of(V001InitialIndexes.class, V002RetentionIndex.class,
			V003AuthCollections.class, V004RateLimitTtl.class, V005AuditEvents.class);

	/** Mongock's change log: one document per applied change unit. */
	public static final String CHANGE_LOG = Collections.MIGRATIONS;

	/** Mongock's lock document: only one starting instance applies migrations at a time. */
	public static final String LOCK = Collections.MIGRATIONS_LOCK;

	private Migrations() {
	}

	/**
	 * Applies every change unit not yet recorded in the change log, in order, under the lock
	 * (waiting up to 3 minutes for another instance that holds it), and records each one.
	 * @param client the client to the database
	 * @param database the database the apps use
	 * @throws io.mongock.api.exception.MongockException if a change unit fails or the lock cannot be
	 * had: the change units before it stay applied and recorded, the failed one runs again next time
	 */
	public static void apply(MongoClient client, String database) {
		apply(client, database, CHANGE_UNITS);
	}

	static void apply(MongoClient client, String database, List<Class<?>> changeUnits) {
		MongoSync4Driver driver = MongoSync4Driver.withDefaultLock(client, database);
		driver.setMigrationRepositoryName(CHANGE_LOG);
		driver.setLockRepositoryName(LOCK);
		MongockStandalone.builder()
			.setDriver(driver)
			.addMigrationClasses(changeUnits)
			// index builds are not transactional, and mongo-java-server has no transactions
			.setTransactional(false)
			.buildRunner()
			.execute();
	}

}
