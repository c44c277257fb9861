package dev.ocrpipe.api.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import dev.ocrpipe.api.system.ClientAddress;
import dev.ocrpipe.common.store.Collections;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@link AuditLog} does when MongoDB is not there: the caller goes on, the failure is
 * counted. The collection is real, on a port where nothing listens.
 */
class AuditLogTests {

	@Test
	void aFailedWriteIsCountedNotThrown() {
		try (MongoClient client = MongoClients
			.create("mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=200&connectTimeoutMS=200")) {
			SimpleMeterRegistry metrics = new SimpleMeterRegistry();
			AuditLog log = new AuditLog(client.getDatabase("audit").getCollection(Collections.AUDIT_EVENTS),
					() -> "someone", new ClientAddress(List.of()),
					Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), metrics);
			AuditEntry entry = AuditEntry.success(AuditAction.DELETE, AuditTarget.job("abc"));

			assertThatNoException().isThrownBy(() -> log.record(entry));

			assertThat(metrics.counter(AuditLog.FAILURES).count()).isEqualTo(1);
			// the Kafka listener's path throws, so its container retries
			assertThatThrownBy(() -> log.write(entry)).isInstanceOf(RuntimeException.class);
		}
	}

	@Test
	void detailsAreSmallAndStorable() {
		AuditEntry entry = AuditEntry.success(AuditAction.UPLOAD, AuditTarget.job("x".repeat(100)))
			.with("text", "y".repeat(1000))
			.with("number", 3L)
			.with("enum", AuditOutcome.DENIED)
			.with("none", null);
		for (int i = 0; i < 40; i++) {
			entry = entry.with("k" + i, i);
		}

		assertThat(entry.target().id()).hasSize(AuditTarget.MAX_ID_LENGTH);
		assertThat(entry.details()).hasSize(AuditEntry.MAX_DETAILS);
		assertThat((String) entry.details().get("text")).hasSize(AuditEntry.MAX_DETAIL_LENGTH);
		assertThat(entry.details().get("number")).isEqualTo(3L);
		assertThat(entry.details().get("enum")).isEqualTo("DENIED");
		assertThat(entry.details()).doesNotContainKey("none");
		assertThat(new Document(entry.details()).toJson()).contains("\"number\": 3");
	}

}
