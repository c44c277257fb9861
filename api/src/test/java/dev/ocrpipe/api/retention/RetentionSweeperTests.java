package dev.ocrpipe.api.retention;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.Filters;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.ocrpipe.api.audit.AuditLog;
import dev.ocrpipe.api.system.ClientAddress;
import dev.ocrpipe.common.store.AuditFields;
import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.common.store.EventFields;
import dev.ocrpipe.common.store.JobFields;
import dev.ocrpipe.common.store.PageFields;
import dev.ocrpipe.testkit.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retention sweeper on the Mongo-wire server with a clock the test moves: what expires, what
 * stays, and that nothing of a removed job is left behind.
 */
class RetentionSweeperTests {

	private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	private final MongoServer server = new MongoServer(new MemoryBackend());

	private MongoClient client;

	private MongoDatabase db;

	private GridFSBucket uploads;

	private final MutableClock clock = new MutableClock(START);

	@BeforeEach
	void start() {
		var address = this.server.bind();
		this.client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
		this.db = this.client.getDatabase("retention");
		this.uploads = GridFSBuckets.create(this.db, Collections.UPLOADS_BUCKET);
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void removesFinishedJobsOlderThanTheRetentionPeriodWithEverythingTheyOwn() {
		String old = job("SUCCEEDED", START.minus(Duration.ofDays(31)));
		String oldCancelled = job("CANCELLED", START.minus(Duration.ofDays(40)));
		String recent = job("PARTIAL", START.minus(Duration.ofDays(29)));
		String running = job("RUNNING", null);

		int removed = sweeper(days(30), 100).sweep();

		assertThat(removed).isEqualTo(2);
		assertGone(old);
		assertGone(oldCancelled);
		assertKept(recent);
		assertKept(running);
		assertNoOrphans();
		assertThat(this.db.getCollection(Collections.AUDIT_EVENTS).find().into(new java.util.ArrayList<>()))
			.allSatisfy((event) -> {
				assertThat(event.getString(AuditFields.ACTOR)).isEqualTo("system:sweeper");
				assertThat(event.getString(AuditFields.ACTION)).isEqualTo("DELETE");
				assertThat(event.getString(AuditFields.OUTCOME)).isEqualTo("SUCCESS");
				assertThat(event.get(AuditFields.AT)).isEqualTo(Date.from(START));
				assertThat(event.get(AuditFields.DETAILS, Document.class).getString("reason")).isEqualTo("retention");
			})
			.extracting((event) -> event.getString(AuditFields.TARGET_ID))
			.containsExactlyInAnyOrder(old, oldCancelled);

		this.clock.advance(Duration.ofDays(2));
		assertThat(sweeper(days(30), 100).sweep()).isEqualTo(1);
		assertGone(recent);
		assertKept(running);
		assertNoOrphans();
	}

	@Test
	void zeroKeepsEverythingForever() {
		String old = job("FAILED", START.minus(Duration.ofDays(3650)));

		assertThat(sweeper(Duration.ZERO, 100).sweep()).isZero();

		assertKept(old);
	}

	@Test
	void aSweepRemovesAtMostOneBatch() {
		for (int i = 0; i < 5; i++) {
			job("SUCCEEDED", START.minus(Duration.ofDays(60)));
		}
		RetentionSweeper sweeper = sweeper(days(30), 2);

		assertThat(sweeper.sweep()).isEqualTo(2);
		assertThat(sweeper.sweep()).isEqualTo(2);
		assertThat(sweeper.sweep()).isEqualTo(1);
		assertThat(sweeper.sweep()).isZero();
		assertThat(this.db.getCollection(Collections.JOBS).countDocuments()).isZero();
		assertNoOrphans();
	}

	@Test
	void aJobClaimedByAnotherInstanceIsLeftAloneUntilItsClaimExpires() {
		String claimed = job("SUCCEEDED", START.minus(Duration.ofDays(31)));
		// another instance claimed it and died before finishing
		this.db.getCollection(Collections.JOBS)
			.updateOne(Filters.eq(JobFields.ID, claimed),
					new Document("$set", new Document(JobFields.RETENTION_CLAIM, "other").append(JobFields.RETENTION_UNTIL,
							Date.from(START.plus(Duration.ofMinutes(10))))));

		assertThat(sweeper(days(30), 100).sweep()).isZero();
		assertKept(claimed);

		this.clock.advance(Duration.ofMinutes(11));
		assertThat(sweeper(days(30), 100).sweep()).isEqualTo(1);
		assertGone(claimed);
		assertNoOrphans();
	}

	@Test
	void twoInstancesSweepingTogetherRemoveEachJobOnce() {
		for (int i = 0; i < 40; i++) {
			job("SUCCEEDED", START.minus(Duration.ofDays(60)));
		}
		String kept = job("SUCCEEDED", START.minus(Duration.ofDays(1)));
		RetentionSweeper one = sweeper(days(30), 1000);
		RetentionSweeper two = sweeper(days(30), 1000);

		CompletableFuture<Integer> a = CompletableFuture.supplyAsync(one::sweep);
		CompletableFuture<Integer> b = CompletableFuture.supplyAsync(two::sweep);

		assertThat(a.join() + b.join()).isEqualTo(40);
		assertThat(this.db.getCollection(Collections.JOBS).countDocuments()).isEqualTo(1);
		// each removal recorded once, by the instance whose claim removed it
		assertThat(this.db.getCollection(Collections.AUDIT_EVENTS).distinct(AuditFields.TARGET_ID, String.class)
			.into(new java.util.ArrayList<>())).hasSize(40);
		assertThat(this.db.getCollection(Collections.AUDIT_EVENTS).countDocuments()).isEqualTo(40);
		assertKept(kept);
		assertNoOrphans();
	}

	private RetentionSweeper sweeper(Duration finishedJobs, int batch) {
		return new RetentionSweeper(this.db, this.uploads,
				new RetentionProperties(finishedJobs, Duration.ofMinutes(15), batch, Duration.ofMinutes(10)), this.clock,
				new SimpleMeterRegistry(), new AuditLog(this.db.getCollection(Collections.AUDIT_EVENTS), () -> "nobody",
						new ClientAddress(List.of()), this.clock, new SimpleMeterRegistry()));
	}

	private static Duration days(int days) {
		return Duration.ofDays(days);
	}

	/** A job with a stored upload (two chunks), two pages and two events. */
	private String job(String status, Instant finishedAt) {
		String id = new ObjectId().toHexString();
		// two chunks, the way the API stores an upload
		ObjectId upload = this.uploads.uploadFromStream(id, new ByteArrayInputStream(new byte[300 * 1024]),
				new GridFSUploadOptions().chunkSizeBytes(255 * 1024));
		Document job = new Document(JobFields.ID, id).append(JobFields.STATUS, status)
			.append(JobFields.OWNER, "local")
			.append(JobFields.UPLOAD_ID, upload.toHexString());
		if (finishedAt != null) {
			job.append(JobFields.FINISHED_AT, Date.from(finishedAt));
		}
		this.db.getCollection(Collections.JOBS).insertOne(job);
		for (int page = 1; page <= 2; page++) {
			this.db.getCollection(Collections.PAGES)
				.insertOne(new Document(PageFields.ID, PageFields.idOf(id, page)).append(PageFields.JOB_ID, id)
					.append(PageFields.PAGE, page)
					.append(PageFields.TEXT, "text of page " + page));
			this.db.getCollection(Collections.JOB_EVENTS)
				.insertOne(new Document(EventFields.ID, EventFields.idOf(id, page)).append(EventFields.JOB_ID, id)
					.append(EventFields.SEQ, (long) page));
		}
		return id;
	}

	private void assertGone(String id) {
		assertThat(this.db.getCollection(Collections.JOBS).countDocuments(Filters.eq(JobFields.ID, id))).isZero();
		assertThat(this.db.getCollection(Collections.PAGES).countDocuments(Filters.eq(PageFields.JOB_ID, id))).isZero();
		assertThat(this.db.getCollection(Collections.JOB_EVENTS).countDocuments(Filters.eq(EventFields.JOB_ID, id)))
			.isZero();
	}

	private void assertKept(String id) {
		Document job = this.db.getCollection(Collections.JOBS).find(Filters.eq(JobFields.ID, id)).first();
		assertThat(job).isNotNull();
		assertThat(this.db.getCollection(Collections.PAGES).countDocuments(Filters.eq(PageFields.JOB_ID, id)))
			.isEqualTo(2);
		assertThat(this.db.getCollection(Collections.JOB_EVENTS).countDocuments(Filters.eq(EventFields.JOB_ID, id)))
			.isEqualTo(2);
		ObjectId upload = new ObjectId(job.getString(JobFields.UPLOAD_ID));
		assertThat(this.db.getCollection("uploads.files").countDocuments(Filters.eq("_id", upload))).isEqualTo(1);
		assertThat(this.db.getCollection("uploads.chunks").countDocuments(Filters.eq("files_id", upload)))
			.isEqualTo(2);
	}

	/** Every stored file, chunk, page and event belongs to a job that still exists. */
	private void assertNoOrphans() {
		var jobs = this.db.getCollection(Collections.JOBS);
		var uploadIds = jobs.find()
			.map((j) -> new ObjectId(j.getString(JobFields.UPLOAD_ID)))
			.into(new java.util.HashSet<>());
		var jobIds = jobs.find().map((j) -> j.getString(JobFields.ID)).into(new java.util.HashSet<>());
		assertThat(this.db.getCollection("uploads.files").find().map((f) -> f.getObjectId("_id")))
			.allMatch(uploadIds::contains);
		assertThat(this.db.getCollection("uploads.chunks").find().map((c) -> c.getObjectId("files_id")))
			.allMatch(uploadIds::contains);
		assertThat(this.db.getCollection(Collections.PAGES).find().map((p) -> p.getString(PageFields.JOB_ID)))
			.allMatch(jobIds::contains);
		assertThat(this.db.getCollection(Collections.JOB_EVENTS).find().map((e) -> e.getString(EventFields.JOB_ID)))
			.allMatch(jobIds::contains);
	}

}
