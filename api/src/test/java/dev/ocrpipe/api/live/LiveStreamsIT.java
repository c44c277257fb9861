package dev.ocrpipe.api.live;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

import dev.ocrpipe.api.IntegrationTestBase;
import dev.ocrpipe.common.events.JobEvent;
import dev.ocrpipe.common.events.PageCounts;
import dev.ocrpipe.common.jobs.JobStatus;
import dev.ocrpipe.common.store.JobFields;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Live progress over a real HTTP connection, with a real Kafka broker and the events written as
 * the worker writes them.
 */
class LiveStreamsIT extends IntegrationTestBase {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@Autowired
	MeterRegistry metrics;

	WorkerSimulator worker;

	final List<SseClient> clients = new ArrayList<>();

	@BeforeEach
	void ready() {
		this.worker = new WorkerSimulator(this.mongo, this.kafkaBroker.getBrokersAsString());
		LiveTests.awaitConsumer(this.worker, this.metrics);
	}

	@AfterEach
	void closeClients() {
		this.clients.forEach(SseClient::close);
		this.worker.close();
	}

	SseClient open(String path, Map<String, String> headers) {
		// a session cookie stands for its caller; else the owner's token
		Map<String, String> all = new java.util.HashMap<>(headers.containsKey("Cookie") ? Map.of() : authorization());
		all.putAll(headers);
		SseClient client = SseClient.open(this.port, path, all);
		this.clients.add(client);
		return client;
	}

	SseClient open(String path) {
		return open(path, Map.of());
	}

	/** The session cookie of an admin: only a browser session carries the ADMIN role. */
	private String admin(int i) {
		return sessionCookie("fan-out-admin-" + i, true);
	}

	@Test
	void snapshotThenPagesInSequenceThenJobFinishedThenClosed() {
		String id = insertJob(OWNER, "RUNNING", 2, 0, 0, 0, Map.of());
		SseClient client = open("/api/v1/jobs/" + id + "/events");
		await().atMost(WAIT).until(() -> client.events().size() == 1);
		assertThat(client.status()).isEqualTo(200);
		assertThat(client.response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/event-stream"));
		SseClient.Frame snapshot = client.events().get(0);
		assertThat(snapshot.event()).isEqualTo("snapshot");
		assertThat(snapshot.id()).isEqualTo("0");
		assertThat(snapshot.retry()).isEqualTo(3000L);
		String viaGet = this.http.get().uri("/api/v1/jobs/" + id).retrieve().body(String.class);
		assertThat(snapshot.data()).isEqualTo(viaGet);

		this.worker.update(id, Map.of(JobFields.COUNTS + ".done", 1));
		this.worker.emit(id, (t) -> t.page(1, new PageCounts(2, 1, 0, 0)));
		this.worker.update(id, Map.of(JobFields.COUNTS + ".done", 2));
		this.worker.emit(id, (t) -> t.page(2, new PageCounts(2, 2, 0, 0)));
		this.worker.update(id, Map.of(JobFields.STATUS, "SUCCEEDED"));
		this.worker.emit(id, (t) -> t.finished(JobStatus.SUCCEEDED, new PageCounts(2, 2, 0, 0)));

		await().atMost(WAIT).until(() -> client.closed);
		assertThat(client.ids()).containsExactly("0", "1", "2", "3");
		assertThat(client.names()).containsExactly("snapshot", "PageFinished", "PageFinished", "JobFinished");
		JsonNode page = this.json.readTree(client.events().get(1).data());
		assertThat(page.get("type").asString()).isEqualTo("PageFinished");
		assertThat(page.get("page").asInt()).isEqualTo(1);
		assertThat(page.get("jobId").asString()).isEqualTo(id);
		assertThat(client.events().get(1).retry()).isNull();
	}

	@Test
	void resumeWithLastEventIdReplaysExactlyTheMissedEventsThenLiveOnes() {
		String id = insertJob(OWNER, "RUNNING", 4, 0, 0, 0, Map.of());
		for (int page = 1; page <= 3; page++) {
			int p = page;
			this.worker.emit(id, (t) -> t.page(p, new PageCounts(4, p, 0, 0)));
		}
		SseClient client = open("/api/v1/jobs/" + id + "/events", Map.of("Last-Event-ID", "1"));
		await().atMost(WAIT).until(() -> client.events().size() == 2);
		assertThat(client.ids()).containsExactly("2", "3");
		assertThat(client.names()).doesNotContain("snapshot");

		this.worker.emit(id, (t) -> t.page(4, new PageCounts(4, 4, 0, 0)));
		this.worker.update(id, Map.of(JobFields.STATUS, "SUCCEEDED"));
		this.worker.emit(id, (t) -> t.finished(JobStatus.SUCCEEDED, new PageCounts(4, 4, 0, 0)));
		await().atMost(WAIT).until(() -> client.closed);
		assertThat(client.ids()).containsExactly("2", "3", "4", "5");

		// the query parameter works as well, for clients that cannot set headers
		SseClient param = open("/api/v1/jobs/" + id + "/events?lastEventId=3");
		await().atMost(WAIT).until(() -> param.closed);
		assertThat(param.ids()).containsExactly("4", "5");
	}

	@Test
	void finishedJobGetsSnapshotAndCloseAndAResumeAfterTheEndGets204() {
		String id = insertJob(OWNER, "SUCCEEDED", 1, 1, 0, 0, Map.of(JobFields.EVENT_SEQ, 7L));
		SseClient client = open("/api/v1/jobs/" + id + "/events");
		await().atMost(WAIT).until(() -> client.closed);
		assertThat(client.names()).containsExactly("snapshot");
		assertThat(client.ids()).containsExactly("7");

		SseClient resumed = open("/api/v1/jobs/" + id + "/events", Map.of("Last-Event-ID", "7"));
		await().atMost(WAIT).until(() -> resumed.closed);
		assertThat(resumed.status()).isEqualTo(HttpStatus.NO_CONTENT.value());
	}

	@Test
	void outOfOrderArrivalIsPutInSequenceAndGapsAreFilledFromTheStore() {
		String id = insertJob(OWNER, "RUNNING", 6, 0, 0, 0, Map.of());
		SseClient client = open("/api/v1/jobs/" + id + "/events");
		await().atMost(WAIT).until(() -> client.events().size() == 1);

		// 1, 2, 3 stored; 3 published first, then 1; 2 never published
		JobEvent one = this.worker.take(id).page(1, new PageCounts(6, 1, 0, 0));
		JobEvent two = this.worker.take(id).page(2, new PageCounts(6, 2, 0, 0));
		JobEvent three = this.worker.take(id).page(3, new PageCounts(6, 3, 0, 0));
		this.worker.store(one);
		this.worker.store(two);
		this.worker.store(three);
		this.worker.publish(three);
		this.worker.publish(one);
		await().atMost(WAIT).until(() -> client.events().size() == 4);
		assertThat(client.ids()).containsExactly("0", "1", "2", "3");

		// 4 and 5 taken by two writers; 5 is stored and published before 4 is even stored
		JobEvent four = this.worker.take(id).page(4, new PageCounts(6, 4, 0, 0));
		JobEvent five = this.worker.take(id).page(5, new PageCounts(6, 5, 0, 0));
		this.worker.store(five);
		this.worker.publish(five);
		this.worker.store(four);
		this.worker.publish(four);
		this.worker.publish(one);
		// 6 is taken by a writer that dies before storing it: given up after the gap wait
		this.worker.take(id);
		JobEvent last = this.worker.take(id).finished(JobStatus.PARTIAL, new PageCounts(6, 5, 0, 1));
		this.worker.store(last);
		this.worker.publish(last);
		this.worker.publish(last);
		await().atMost(WAIT).until(() -> client.closed);
		assertThat(client.ids()).containsExactly("0", "1", "2", "3", "4", "5", "7");
	}

	@Test
	void idleStreamsGetHeartbeats() {
		String id = insertJob(OWNER, "RUNNING", 1, 0, 0, 0, Map.of());
		SseClient client = open("/api/v1/jobs/" + id + "/events");
		await().atMost(WAIT)
			.until(() -> client.frames.stream().anyMatch((frame) -> frame.comments().contains("keep-alive")));
		assertThat(client.closed).isFalse();
	}

	@Test
	void anotherOwnersOrAnUnknownJobOrBatchIs404ProblemBeforeAnyStream() {
		String theirs = insertJob("someone-else", "RUNNING", 1, 0, 0, 0, Map.of());
		String theirBatch = new ObjectId().toHexString();
		insertJob("someone-else", "RUNNING", 1, 0, 0, 0, Map.of(JobFields.BATCH_ID, theirBatch));
		for (String path : List.of("/api/v1/jobs/" + theirs + "/events",
				"/api/v1/jobs/" + new ObjectId().toHexString() + "/events", "/api/v1/jobs/nope/events",
				"/api/v1/batches/" + theirBatch + "/events")) {
			SseClient client = open(path);
			await().atMost(WAIT).until(() -> client.closed);
			assertThat(client.status()).as(path).isEqualTo(404);
			assertThat(client.response.headers().firstValue("Content-Type")).as(path)
				.hasValue("application/problem+json");
		}
	}

	@Test
	void allJobsStreamCarriesTheOwnersEventsOnlyAndResumesByTime() {
		String a = insertJob(OWNER, "RUNNING", 2, 0, 0, 0, Map.of());
		String b = insertJob(OWNER, "RUNNING", 2, 0, 0, 0, Map.of());
		String theirs = insertJob("someone-else", "RUNNING", 2, 0, 0, 0, Map.of());
		SseClient client = open("/api/v1/events");
		await().atMost(WAIT).until(() -> client.frames.size() == 1);
		assertThat(client.frames.get(0).retry()).isEqualTo(3000L);

		this.worker.emit(a, (t) -> t.page(1, new PageCounts(2, 1, 0, 0)));
		this.worker.emit(theirs, (t) -> t.page(1, new PageCounts(2, 1, 0, 0)));
		this.worker.emit(b, (t) -> t.page(1, new PageCounts(2, 1, 0, 0)));
		this.worker.emit(a, (t) -> t.page(2, new PageCounts(2, 2, 0, 0)));
		await().atMost(WAIT).until(() -> client.events().size() == 3);
		assertThat(client.ids()).containsExactly(a + ":1", b + ":1", a + ":2");

		// reconnect after the first: the later ones come again, nothing of another owner
		SseClient resumed = open("/api/v1/events", Map.of("Last-Event-ID", a + ":1"));
		await().atMost(WAIT).until(() -> resumed.ids().containsAll(List.of(b + ":1", a + ":2")));
		this.worker.emit(b, (t) -> t.page(2, new PageCounts(2, 2, 0, 0)));
		await().atMost(WAIT).until(() -> resumed.ids().contains(b + ":2"));
		assertThat(resumed.ids()).doesNotContain(a + ":1").doesNotHaveDuplicates();
		assertThat(resumed.ids()).noneMatch((eventId) -> eventId.startsWith(theirs));

		SseClient unknown = open("/api/v1/events", Map.of("Last-Event-ID", new ObjectId().toHexString() + ":3"));
		await().atMost(WAIT).until(() -> unknown.names().contains("resync"));
	}

	@Test
	void batchStreamSendsAggregatesUntilEveryJobIsFinished() {
		String batch = new ObjectId().toHexString();
		String a = insertJob(OWNER, "RUNNING", 1, 0, 0, 0, Map.of(JobFields.BATCH_ID, batch));
		String b = insertJob(OWNER, "RUNNING", 1, 0, 0, 0, Map.of(JobFields.BATCH_ID, batch));
		SseClient client = open("/api/v1/batches/" + batch + "/events");
		await().atMost(WAIT).until(() -> client.events().size() == 1);
		assertThat(client.events().get(0).event()).isEqualTo("batch");
		assertThat(client.events().get(0).id()).isEqualTo("0");
		String viaGet = this.http.get().uri("/api/v1/batches/" + batch).retrieve().body(String.class);
		assertThat(client.events().get(0).data()).isEqualTo(viaGet);

		this.worker.update(a, Map.of(JobFields.STATUS, "SUCCEEDED", JobFields.COUNTS + ".done", 1));
		this.worker.emit(a, (t) -> t.page(1, new PageCounts(1, 1, 0, 0)));
		this.worker.emit(a, (t) -> t.finished(JobStatus.SUCCEEDED, new PageCounts(1, 1, 0, 0)));
		await().atMost(WAIT)
			.until(() -> client.events().stream().anyMatch((frame) -> "2".equals(frame.id())));
		assertThat(client.closed).isFalse();
		this.worker.update(b, Map.of(JobFields.STATUS, "FAILED", JobFields.COUNTS + ".failed", 1));
		this.worker.emit(b, (t) -> t.finished(JobStatus.FAILED, new PageCounts(1, 0, 0, 1)));
		await().atMost(WAIT).until(() -> client.closed);

		List<Long> ids = client.ids().stream().map(Long::parseLong).toList();
		assertThat(ids).isSorted().doesNotHaveDuplicates().endsWith(3L);
		JsonNode last = this.json.readTree(client.events().get(client.events().size() - 1).data());
		assertThat(last.get("jobs").get("SUCCEEDED").asInt()).isEqualTo(1);
		assertThat(last.get("jobs").get("FAILED").asInt()).isEqualTo(1);

		SseClient resumedOld = open("/api/v1/batches/" + batch + "/events", Map.of("Last-Event-ID", "1"));
		await().atMost(WAIT).until(() -> resumedOld.closed);
		assertThat(resumedOld.ids()).containsExactly("3");
		SseClient resumedDone = open("/api/v1/batches/" + batch + "/events", Map.of("Last-Event-ID", "3"));
		await().atMost(WAIT).until(() -> resumedDone.closed);
		assertThat(resumedDone.status()).isEqualTo(204);
	}

	@Test
	void aClientThatNeverReadsIsDroppedWithoutHoldingUpAFastOne() throws Exception {
		String id = insertJob(OWNER, "RUNNING", 300, 0, 0, 0, Map.of());
		double droppedBefore = this.metrics.counter("ocr.sse.dropped", "kind", "job").count();
		SseClient fast = open("/api/v1/jobs/" + id + "/events");
		try (Socket slow = new Socket()) {
			slow.setReceiveBufferSize(4096);
			slow.connect(new java.net.InetSocketAddress("localhost", this.port));
			OutputStream out = slow.getOutputStream();
			out.write(("GET /api/v1/jobs/" + id + "/events HTTP/1.1\r\nHost: localhost\r\n"
					+ "Accept: text/event-stream\r\nAuthorization: " + authorization().get("Authorization")
					+ "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			await().atMost(WAIT).until(() -> LiveTests.open(this.metrics, "job") >= 2);

			String preview = "x".repeat(64 * 1024);
			for (int page = 1; page <= 300; page++) {
				int p = page;
				this.worker.emit(id, (t) -> t.page(p, new PageCounts(300, p, 0, 0), preview));
			}
			await().atMost(Duration.ofSeconds(60)).until(() -> fast.events().size() == 301);
			assertThat(fast.ids()).containsExactlyElementsOf(
					LongStream.rangeClosed(0, 300).mapToObj(Long::toString).toList());
			await().atMost(WAIT)
				.until(() -> this.metrics.counter("ocr.sse.dropped", "kind", "job").count() > droppedBefore);
			assertThat(fast.closed).isFalse();
		}
		fast.close();
		// gone clients are noticed at the next write (a heartbeat at the latest) and removed
		await().atMost(WAIT).until(() -> LiveTests.open(this.metrics, "job") == 0);
	}

	@Test
	void twoHundredConcurrentStreamsAllGetTheEvent() {
		await().atMost(WAIT).until(() -> LiveTests.open(this.metrics, "job") == 0);
		String id = insertJob(OWNER, "RUNNING", 1, 0, 0, 0, Map.of());
		// ten admins (who may follow anyone's job) share the streams: one caller may hold only a few
		List<String> admins = IntStream.range(0, 10).mapToObj(this::admin).toList();
		List<SseClient> streams = IntStream.range(0, 200)
			.mapToObj((i) -> open("/api/v1/jobs/" + id + "/events",
					Map.of("Cookie", admins.get(i % 10))))
			.toList();
		await().atMost(Duration.ofSeconds(60)).until(() -> streams.stream().allMatch((s) -> s.events().size() == 1));
		assertThat(LiveTests.open(this.metrics, "job")).isEqualTo(200);

		this.worker.update(id, Map.of(JobFields.STATUS, "SUCCEEDED", JobFields.COUNTS + ".done", 1));
		this.worker.emit(id, (t) -> t.finished(JobStatus.SUCCEEDED, new PageCounts(1, 1, 0, 0)));
		await().atMost(Duration.ofSeconds(60)).until(() -> streams.stream().allMatch((s) -> s.closed));
		assertThat(streams).allSatisfy((s) -> assertThat(s.names()).containsExactly("snapshot", "JobFinished"));
		await().atMost(WAIT).until(() -> LiveTests.open(this.metrics, "job") == 0);
	}

}
