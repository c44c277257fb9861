package dev.ocrpipe.migrations;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.ocrpipe.common.store.Collections;
import io.mongock.runner.springboot.EnableMongock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the change units the way both apps do (Mongock's Spring Boot runner at startup) against
 * the Mongo-wire server: once, idempotently, and once only when two instances start together.
 */
class MigrationsIT {

	private final MongoServer server = new MongoServer(new MemoryBackend());

	private final InetSocketAddress address = this.server.bind();

	private final MongoClient client = MongoClients
		.create("mongodb://" + this.address.getHostString() + ":" + this.address.getPort());

	private final MongoDatabase db = this.client.getDatabase("ocrpipe");

	@AfterEach
	void stop() {
		this.client.close();
		this.server.shutdown();
	}

	@Test
	void appliesEveryIndexOnceAndRecordsIt() {
		start().close();

		assertThat(appliedIds()).containsExactly("V001-initial-indexes", "V002-retention-index", "V003-auth-indexes",
				"V004-rate-limit-ttl", "V005-audit-events");
		assertThat(indexes(Collections.PAGES)).contains(new Document("jobId", 1).append("page", 1));
		assertThat(indexNames(Collections.PAGES)).contains("jobId_1_page_1");
		assertThat(uniqueIndexNames(Collections.PAGES)).contains("jobId_1_page_1");
		assertThat(uniqueIndexNames(Collections.UPLOADS_BUCKET + ".chunks")).contains("files_id_1_n_1");
		Document ttl = index(Collections.IDEMPOTENCY_KEYS, "expiresAt_1");
		assertThat(ttl).isNotNull();
		assertThat(((Number) ttl.get("expireAfterSeconds")).longValue()).isZero();
		assertThat(index(Collections.OCR_QUOTA, "expiresAt_1")).isNotNull();
		Document auditTtl = index(Collections.AUDIT_EVENTS, "at_1");
		assertThat(auditTtl).isNotNull();
		assertThat(((Number) auditTtl.get("expireAfterSeconds")).longValue()).isEqualTo(365L * 24 * 3600);
		assertThat(indexes(Collections.AUDIT_EVENTS)).contains(new Document("actor", 1).append("at", -1).append("_id", -1),
				new Document("action", 1).append("at", -1).append("_id", -1), new Document("at", -1).append("_id", -1));
		assertThat(uniqueIndexNames(V003AuthCollections.API_TOKENS)).contains("hash_1");
		assertThat(indexNames(V003AuthCollections.API_TOKENS)).contains("owner_1", "expiresAt_1");
		for (String expiring : List.of(V003AuthCollections.SESSIONS, V003AuthCollections.API_TOKENS,
				V003AuthCollections.OIDC_LOGINS)) {
			Document expiry = index(expiring, "expiresAt_1");
			assertThat(expiry).as(expiring).isNotNull();
			assertThat(((Number) expiry.get("expireAfterSeconds")).longValue()).isZero();
		}
		Document rateLimits = index(Collections.RATE_LIMITS, "expiresAt_1");
		assertThat(rateLimits).isNotNull();
		assertThat(((Number) rateLimits.get("expireAfterSeconds")).longValue()).isZero();
	}

	@Test
	void aRestartChangesNothing() {
		start().close();
		List<Document> logBefore = changeLog();
		List<Document> indexesBefore = allIndexes();

		start().close();

		assertThat(changeLog()).isEqualTo(logBefore);
		assertThat(allIndexes()).isEqualTo(indexesBefore);
	}

	@Test
	void twoInstancesStartingTogetherApplyEachChangeOnce() {
		CompletableFuture<ConfigurableApplicationContext> one = CompletableFuture.supplyAsync(this::start);
		CompletableFuture<ConfigurableApplicationContext> two = CompletableFuture.supplyAsync(this::start);
		one.join().close();
		two.join().close();

		assertThat(appliedIds()).containsExactly("V001-initial-indexes", "V002-retention-index", "V003-auth-indexes",
				"V004-rate-limit-ttl", "V005-audit-events");
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplication(MigrationsApp.class).run(
				"--spring.mongodb.uri=mongodb://" + this.address.getHostString() + ":" + this.address.getPort()
						+ "/ocrpipe",
				"--spring.main.web-application-type=none", "--mongock.migration-scan-package=" + Migrations.PACKAGE,
				"--mongock.migration-repository-name=" + Migrations.CHANGE_LOG,
				"--mongock.lock-repository-name=" + Migrations.LOCK, "--mongock.transactional=false",
				"--mongock.runner-type=initializingbean");
	}

	/** User change units applied, in order (Mongock also records its own system changes). */
	private List<String> appliedIds() {
		return changeLog().stream()
			.filter((d) -> !Boolean.TRUE.equals(d.getBoolean("systemChange")))
			.filter((d) -> "EXECUTED".equals(d.getString("state")))
			.map((d) -> d.getString("changeId"))
			.toList();
	}

	private List<Document> changeLog() {
		return this.db.getCollection(Migrations.CHANGE_LOG).find().into(new ArrayList<>());
	}

	private List<Document> allIndexes() {
		List<Document> all = new ArrayList<>();
		for (String name : this.db.listCollectionNames()) {
			if (!name.startsWith("migrations")) {
				all.addAll(this.db.getCollection(name).listIndexes().into(new ArrayList<>()));
			}
		}
		return all;
	}

	private List<Document> indexes(String collection) {
		return this.db.getCollection(collection)
			.listIndexes()
			.map((d) -> (Document) d.get("key"))
			.into(new ArrayList<>());
	}

	private List<String> indexNames(String collection) {
		return this.db.getCollection(collection).listIndexes().map((d) -> d.getString("name")).into(new ArrayList<>());
	}

	private List<String> uniqueIndexNames(String collection) {
		return this.db.getCollection(collection)
			.listIndexes()
			.into(new ArrayList<>())
			.stream()
			.filter((d) -> Boolean.TRUE.equals(d.get("unique")))
			.map((d) -> d.getString("name"))
			.toList();
	}

	private Document index(String collection, String name) {
		return this.db.getCollection(collection)
			.listIndexes()
			.into(new ArrayList<>())
			.stream()
			.filter((d) -> name.equals(d.getString("name")))
			.findFirst()
			.orElse(null);
	}

	/** The smallest Boot application that runs the migrations as api and worker do. */
	@SpringBootApplication
	@EnableMongock
	static class MigrationsApp {

	}

}
