package dev.ocrpipe.worker.ocr;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.MongoTemplate;

import dev.ocrpipe.testkit.MongoTestServer;
import dev.ocrpipe.testkit.MutableClock;

import com.mongodb.client.MongoClients;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quota holds for the fleet, not per worker: several workers (here: several FleetQuota
 * instances, as in separate processes) share one counter in MongoDB.
 */
class FleetQuotaTests {

	static final MongoTestServer server = MongoTestServer.start();

	final MongoTemplate mongo = new MongoTemplate(MongoClients.create(server.uri("quota")), "quota-" + System.nanoTime());

	final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T04:00:00Z"));

	@AfterAll
	static void stop() {
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

	private static GuardProperties properties(int rpm, long tpm, int lease) {
		return new GuardProperties(1, 5, Duration.ofMillis(10), Duration.ofSeconds(1), Duration.ofMinutes(1), rpm, tpm,
				1000, lease);
	}

}
