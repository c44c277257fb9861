package dev.ocrpipe.worker.documents;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.gridfs.GridFSBuckets;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.util.unit.DataSize;

import dev.ocrpipe.common.jobs.ErrorCode;
import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.testkit.MongoTestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Local copies of uploads leave nothing behind: not a partial file after a failed copy, and not the
 * directory of a worker that crashed (while the directory of a worker that still runs stays).
 */
class DocumentStoreIT {

	private static MongoTestServer server;

	private static MongoClient client;

	private static MongoTemplate mongo;

	@TempDir
	Path cacheDir;

	@BeforeAll
	static void startMongo() {
		server = MongoTestServer.start();
		client = MongoClients.create(server.uri("documents"));
		mongo = new MongoTemplate(client, "documents");
	}

	@AfterAll
	static void stopMongo() {
		client.close();
		server.close();
	}

	@Test
	void aCopyThatFailsPartWayLeavesNoPartialFile() throws Exception {
		byte[] content = new byte[3 * 255 * 1024];
		new Random(7).nextBytes(content);
		ObjectId id = GridFSBuckets.create(mongo.getDb(), Collections.UPLOADS_BUCKET)
			.uploadFromStream("large", new ByteArrayInputStream(content));
		// the stored upload loses a chunk in the middle: reading fails after the first one was copied
		mongo.getCollection(Collections.UPLOADS_BUCKET + ".chunks")
			.deleteOne(new Document("files_id", id).append("n", 1));
		DocumentStore store = store();
		try {
			assertThatExceptionOfType(DocumentUnavailable.class).isThrownBy(() -> store.fetch(id.toHexString()))
				.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.UPLOAD_MISSING));

			assertThat(copiesIn(onlyDirectory())).isEmpty();
		}
		finally {
			store.destroy();
		}
	}

	@Test
	void theDirectoryOfACrashedWorkerIsRemovedAtTheNextStartButNotThatOfALiveOne() throws Exception {
		DocumentStore live = store();
		Path liveDirectory = onlyDirectory();
		// a worker that crashed: its copies and its lock file stay, the lock itself died with it
		Path crashed = Files.createDirectory(this.cacheDir.resolve(DocumentStore.PREFIX + "crashed"));
		Files.write(crashed.resolve(new ObjectId().toHexString()), new byte[1024]);
		Files.createFile(crashed.resolve(DocumentStore.LOCK));
		for (Path directory : List.of(crashed, liveDirectory)) {
			Files.setLastModifiedTime(directory, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
		}

		DocumentStore next = store();
		try {
			assertThat(crashed).doesNotExist();
			assertThat(liveDirectory).isDirectory();
			try (Stream<Path> directories = Files.list(this.cacheDir)) {
				assertThat(directories).hasSize(2);
			}
		}
		finally {
			next.destroy();
			live.destroy();
		}
		try (Stream<Path> directories = Files.list(this.cacheDir)) {
			assertThat(directories).isEmpty();
		}
	}

	private DocumentStore store() throws Exception {
		return new DocumentStore(mongo, new DocumentProperties(DataSize.ofMegabytes(10), this.cacheDir, 4));
	}

	private Path onlyDirectory() throws Exception {
		try (Stream<Path> directories = Files.list(this.cacheDir)) {
			List<Path> all = directories.toList();
			assertThat(all).hasSize(1);
			return all.get(0);
		}
	}

	private static List<Path> copiesIn(Path directory) throws Exception {
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((file) -> !file.getFileName().toString().equals(DocumentStore.LOCK)).toList();
		}
	}

}
