package dev.ocrpipe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.file.Path;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MongoWireServerIT {

	@TempDir
	Path dir;

	@Test
	void anH2FileKeepsDocumentsAcrossARestart() {
		Path file = this.dir.resolve("mongo").resolve("ocrpipe.mv");
		try (MongoWireServer server = MongoWireServer.start(file, "127.0.0.1", Ports.free());
				MongoClient client = MongoClients.create(server.uri("ocrpipe"))) {
			jobs(client).insertOne(new Document("_id", "job-1").append("status", "QUEUED"));
		}
		assertThat(file).exists();

		try (MongoWireServer server = MongoWireServer.start(file, "127.0.0.1", Ports.free());
				MongoClient client = MongoClients.create(server.uri("ocrpipe"))) {
			assertThat(jobs(client).find(new Document("_id", "job-1")).first()).containsEntry("status", "QUEUED");
		}
	}

	@Test
	void withoutAFileDataLivesInMemoryOnAnyFreePort() {
		try (MongoWireServer server = MongoWireServer.start(null, "127.0.0.1", 0);
				MongoClient client = MongoClients.create(server.uri("ocrpipe"))) {
			jobs(client).insertOne(new Document("_id", "job-2"));

			assertThat(server.port()).isPositive();
			assertThat(server.uri("ocrpipe")).isEqualTo("mongodb://127.0.0.1:" + server.port() + "/ocrpipe");
			assertThat(jobs(client).countDocuments()).isOne();
		}
	}

	@Test
	void aTakenPortFailsClearly() {
		try (MongoWireServer first = MongoWireServer.start(null, "127.0.0.1", 0)) {
			assertThatIllegalStateException().isThrownBy(() -> MongoWireServer.start(null, "127.0.0.1", first.port()))
				.withMessageContaining("already in use");
		}
	}

	private static MongoCollection<Document> jobs(MongoClient client) {
		return client.getDatabase("ocrpipe").getCollection("jobs");
	}

}
