package dev.ocrpipe.migrations;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Import;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.migrations.MigrationsConfiguration.AppliedMigrations;
import dev.ocrpipe.migrationsfailing.V901Fine;
import dev.ocrpipe.migrationsfailing.V902Failing;
import io.mongock.api.annotations.ChangeUnit;
import io.mongock.api.exception.MongockException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Runs the change units the way both apps do (Mongock's plain-driver runner, from a bean while
 * the context starts) against the Mongo-wire server: once, idempotently, once only when two
 * instances start together, and not again on a database that the earlier runner (Mongock's Spring
 * Boot runner) migrated.
 */
class MigrationsIT {

	private static final List<Class<?>> FAILING_UNITS = List.of(V901Fine.class, V902Failing.class);

	private final MongoServer server = new MongoServer(new MemoryBackend());

	private final InetSocketAddress address = this.server.bind();

	private final MongoClient client = MongoClients
		.create("mongodb://" + this.address.getHostString() + ":" + this.address.getPort());

	private final MongoDatabase db = this.client.getDatabase("ocrpipe");

	/** The change log Mongock's Spring Boot runner (mongock-springboot-v3 5.5.1) wrote for V001–V005. */
	private final List<Document> springBootRunnerLog = springBootRunnerLog();

	@AfterEach
	void stop() {
		this.client.close();
		this.server.shutdown();
	}

	@Test
	void appliesEveryIndexOnceAndRecordsIt() {
		apply();

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
	void everyChangeUnitOfThePackageIsListed() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(ChangeUnit.class));
		List<String> found = scanner.findCandidateComponents(Migrations.class.getPackageName())
			.stream()
			.map(BeanDefinition::getBeanClassName)
			.toList();

		assertThat(Migrations.CHANGE_UNITS).extracting(Class::getName).containsExactlyInAnyOrderElementsOf(found);
	}

	@Test
	void aRestartChangesNothing() {
		apply();
		List<Document> logBefore = changeLog();
		List<Document> indexesBefore = allIndexes();

		apply();

		assertThat(changeLog()).isEqualTo(logBefore);
		assertThat(allIndexes()).isEqualTo(indexesBefore);
	}

	@Test
	void twoInstancesStartingTogetherApplyEachChangeOnce() {
		try (MongoClient other = MongoClients
			.create("mongodb://" + this.address.getHostString() + ":" + this.address.getPort())) {
			CompletableFuture<Void> one = CompletableFuture.runAsync(() -> Migrations.apply(this.client, "ocrpipe"));
			CompletableFuture<Void> two = CompletableFuture.runAsync(() -> Migrations.apply(other, "ocrpipe"));
			one.join();
			two.join();
		}

		assertThat(appliedIds()).containsExactly("V001-initial-indexes", "V002-retention-index", "V003-auth-indexes",
				"V004-rate-limit-ttl", "V005-audit-events");
	}

	@Test
	void aDatabaseTheSpringBootRunnerMigratedIsLeftAsItIs() {
		this.db.getCollection(Migrations.CHANGE_LOG).insertMany(this.springBootRunnerLog);

		apply();

		assertThat(changeLog()).isEqualTo(this.springBootRunnerLog);
		assertThat(indexNames(Collections.PAGES)).as("V001 did not run again").doesNotContain("jobId_1_page_1");
	}

	@Test
	void aDatabaseTheSpringBootRunnerMigratedHalfwayGetsOnlyTheRest() {
		List<Document> upToV003 = this.springBootRunnerLog.stream()
			.filter((entry) -> !entry.getString("changeId").startsWith("V004")
					&& !entry.getString("changeId").startsWith("V005"))
			.toList();
		this.db.getCollection(Migrations.CHANGE_LOG).insertMany(upToV003);

		apply();

		assertThat(appliedIds()).containsExactly("V001-initial-indexes", "V002-retention-index", "V003-auth-indexes",
				"V004-rate-limit-ttl", "V005-audit-events");
		assertThat(changeLog()).startsWith(upToV003.toArray(Document[]::new));
		assertThat(indexNames(Collections.PAGES)).doesNotContain("jobId_1_page_1");
		assertThat(index(Collections.RATE_LIMITS, "expiresAt_1")).isNotNull();
		assertThat(index(Collections.AUDIT_EVENTS, "at_1")).isNotNull();
	}

	@Test
	void aFailingChangeUnitFailsTheRunIsRolledBackReleasesTheLockAndRunsAgainNextTime() {
		V902Failing.FAIL.set(true);
		try {
			assertThatExceptionOfType(MongockException.class)
				.isThrownBy(() -> Migrations.apply(this.client, "ocrpipe", FAILING_UNITS));
		}
		finally {
			V902Failing.FAIL.set(false);
		}
		assertThat(states()).containsEntry("V901-fine", List.of("EXECUTED")).containsEntry("V902-failing", List.of("ROLLED_BACK"));
		assertThat(this.db.getCollection(Migrations.LOCK).countDocuments()).as("lock released").isZero();

		Migrations.apply(this.client, "ocrpipe", FAILING_UNITS);

		assertThat(states()).containsEntry("V901-fine", List.of("EXECUTED"))
			.containsEntry("V902-failing", List.of("ROLLED_BACK", "EXECUTED"));
		assertThat(indexNames("things")).contains("fine_1", "failing_1");
	}

	@Test
	void theConfigurationAppliesThemWhileTheContextStartsEvenWithLazyInitialization() {
		try (ConfigurableApplicationContext context = new SpringApplication(MigratingApp.class).run(
				"--spring.mongodb.uri=mongodb://" + this.address.getHostString() + ":" + this.address.getPort()
						+ "/ocrpipe",
				"--spring.main.web-application-type=none", "--spring.main.lazy-initialization=true")) {
			assertThat(appliedIds()).containsExactly("V001-initial-indexes", "V002-retention-index",
					"V003-auth-indexes", "V004-rate-limit-ttl", "V005-audit-events");
			assertThat(context.getBean(AppliedMigrations.class).database()).isEqualTo("ocrpipe");
		}
	}

	private void apply() {
		Migrations.apply(this.client, "ocrpipe");
	}

	/** Each change id with the states of its entries, in order. */
	private Map<String, List<String>> states() {
		Map<String, List<String>> states = new LinkedHashMap<>();
		for (Document entry : changeLog()) {
			if (!Boolean.TRUE.equals(entry.getBoolean("systemChange"))) {
				states.computeIfAbsent(entry.getString("changeId"), (id) -> new ArrayList<>())
					.add(entry.getString("state"));
			}
		}
		return states;
	}

	private static List<Document> springBootRunnerLog() {
		try (InputStream in = MigrationsIT.class.getResourceAsStream("/changelog-mongock-springboot-5.5.1.json")) {
			String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			return Document.parse("{\"log\": " + json + "}").getList("log", Document.class);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
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
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(MigrationsConfiguration.class)
	static class MigratingApp {

	}

}
