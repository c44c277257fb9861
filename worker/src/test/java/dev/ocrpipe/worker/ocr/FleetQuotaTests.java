package dev.ocrpipe.worker.ocr;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.MongoTemplate;

import dev.ocrpipe.testkit.MongoTestServer;
import dev.ocrpipe.testkit.MutableClock;

import com.mongodb.client.MongoClients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The quota holds for the fleet, not per worker: several workers (here: several FleetQuota
 * instances, as in separate processes) share one counter in MongoDB.
 */
class FleetQuotaTests {

	static final MongoTestServer server = MongoTestServer.start();

	final MongoTemplate mongo = new MongoTemplate(MongoClients.create(server.uri("quota")), "quota-" + System.nanoTime());

	final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T04:00:00Z"));

	static final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

	@AfterAll
	static void stop() {
		threads.close();
		server.close();
	}

	@Test
	void threeWorkersTogetherTakeNoMoreThanTheRequestsPerMinute() {
		GuardProperties properties = properties(25, 0, 4);
		FleetQuota[] workers = IntStream.range(0, 3)
			.mapToObj((i) -> new FleetQuota(this.mongo, properties, "gemini-test", this.clock, new Pauses()))
			.toArray(FleetQuota[]::new);
		AtomicInteger granted = new AtomicInteger();

		IntStream.range(0, 3).parallel().forEach((w) -> {
			for (int i = 0; i < 40; i++) {
				if (workers[w].tryAcquire(this.clock.instant(), 1000)) {
					granted.incrementAndGet();
				}
			}
		});
		assertThat(granted.get()).isLessThanOrEqualTo(25).isGreaterThanOrEqualTo(20);

		this.clock.advance(Duration.ofMinutes(1));
		assertThat(workers[0].tryAcquire(this.clock.instant(), 1000)).isTrue();
	}

	@Test
	void inputTokensPerMinuteHoldAndAreCorrectedWithWhatCallsReallyUsed() {
		GuardProperties properties = properties(0, 10_000, 1);
		FleetQuota quota = new FleetQuota(this.mongo, properties, "gemini-tokens", this.clock, new Pauses());
		int granted = 0;
		while (quota.tryAcquire(this.clock.instant(), 1000)) {
			granted++;
			quota.settle(500);
			if (granted > 100) {
				break;
			}
		}
		// each call used half of its 1,000-token estimate, so about twice as many fit
		assertThat(granted).isBetween(15, 20);
	}

	@Test
	void aRateLimitPausesTheWholeFleet() {
		GuardProperties properties = properties(100, 0, 5);
		FleetQuota first = new FleetQuota(this.mongo, properties, "gemini-pause", this.clock, new Pauses());
		FleetQuota second = new FleetQuota(this.mongo, properties, "gemini-pause", this.clock, new Pauses());

		first.pauseFleet(Duration.ofSeconds(7));

		assertThat(second.pausedUntil(this.clock.instant())).isEqualTo(this.clock.instant().plusSeconds(7));
	}

	@Test
	void anInteractivePageTakesTheNextPermitBeforeBulkPagesThatWaitedLonger() throws Exception {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-26T04:10:59.700Z"));
		Pauses pauses = new Pauses();
		FleetQuota quota = new FleetQuota(this.mongo, properties(1, 0, 1), "gemini-priority", clock, pauses);
		assertThat(quota.tryAcquire(clock.instant(), 1000)).isTrue();
		Instant deadline = clock.instant().plus(Duration.ofMinutes(10));
		List<CompletableFuture<Boolean>> bulk = IntStream.range(0, 5)
			.mapToObj((i) -> CompletableFuture.supplyAsync(() -> quota.acquire(deadline), threads))
			.toList();
		CompletableFuture<Boolean> interactive = CompletableFuture.supplyAsync(() -> {
			boolean[] granted = new boolean[1];
			OcrPriority.run(true, () -> granted[0] = quota.acquire(deadline));
			return granted[0];
		}, threads);
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> quota.interactiveWaiting() == 1);

			// the next window has room for one call: it goes to the interactive page
			clock.advance(Duration.ofSeconds(1));
			assertThat(interactive.get(10, TimeUnit.SECONDS)).isTrue();
			assertThat(bulk).noneMatch(CompletableFuture::isDone);
		}
		finally {
			pauses.destroy();
		}
		assertThat(bulk).allSatisfy((page) -> assertThat(page.get(10, TimeUnit.SECONDS)).isFalse());
	}

	private static GuardProperties properties(int rpm, long tpm, int lease) {
		return new GuardProperties(1, 5, Duration.ofMillis(10), Duration.ofSeconds(1), Duration.ofMinutes(1), rpm, tpm,
				1000, lease);
	}

}
