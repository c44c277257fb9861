package dev.ocrpipe.api.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.mongodb.MongoTimeoutException;

import dev.ocrpipe.testkit.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T10:00:00Z"));

	private final FakeCounters counters = new FakeCounters();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final RateLimiter limiter = new RateLimiter(this.counters,
			new RateLimitProperties(true, Duration.ofMinutes(1), 3, 3, 3, 3, 3, Duration.ofHours(1), Duration.ofMillis(100),
					Duration.ofSeconds(5), 64),
			this.clock, this.meters);

	@Test
	void countsPerClassAndKeyAndRefusesOverTheLimit() {
		for (int i = 0; i < 3; i++) {
			assertThat(this.limiter.check(RouteClass.READ, "ip:1.2.3.4").allowed()).isTrue();
		}
		SlidingWindow.Decision fourth = this.limiter.check(RouteClass.READ, "ip:1.2.3.4");
		assertThat(fourth.allowed()).isFalse();
		assertThat(fourth.retryAfterSeconds()).isPositive();
		assertThat(this.limiter.check(RouteClass.READ, "ip:5.6.7.8").allowed()).isTrue();
		assertThat(this.limiter.check(RouteClass.WRITE, "ip:1.2.3.4").allowed()).isTrue();
		assertThat(this.counters.counts).containsKey("read:ip:1.2.3.4:" + this.clock.millis());
		assertThat(this.meters.get("ocr.ratelimit.rejected").tag("class", "read").counter().count()).isEqualTo(1);
		assertThat(this.meters.get("ocr.ratelimit.allowed").tag("class", "read").counter().count()).isEqualTo(4);
	}

	@Test
	void overTheRefusalBudgetACallerIsRefusedFromMemoryUntilRetryAfter() {
		for (int i = 0; i < 3; i++) {
			this.limiter.countRefusal("ip:1.2.3.4");
			assertThat(this.limiter.refusing("ip:1.2.3.4")).isNull();
		}
		this.limiter.countRefusal("ip:1.2.3.4");
		String counter = "auth-failures:ip:1.2.3.4:" + this.clock.millis();
		assertThat(this.counters.counts).containsEntry(counter, 4L);

		SlidingWindow.Decision refused = this.limiter.refusing("ip:1.2.3.4");

		assertThat(refused).isNotNull();
		assertThat(refused.allowed()).isFalse();
		assertThat(refused.limit()).isEqualTo(3);
		assertThat(refused.retryAfterSeconds()).isPositive();
		assertThat(this.counters.counts).as("not counted again").containsEntry(counter, 4L);
		assertThat(this.limiter.refusing("ip:5.6.7.8")).isNull();
		assertThat(this.meters.get("ocr.ratelimit.rejected").tag("class", "auth-failures").counter().count())
			.as("the 429s, not the 401s").isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(refused.retryAfterSeconds()));
		assertThat(this.limiter.refusing("ip:1.2.3.4")).isNull();
	}

	@Test
	void thePreviousWindowIsReadOncePerKeyAndWindow() {
		this.limiter.check(RouteClass.READ, "ip:1.2.3.4");
		this.limiter.check(RouteClass.READ, "ip:1.2.3.4");
		assertThat(this.counters.reads).isEqualTo(1);
		this.clock.advance(Duration.ofMinutes(1));
		this.limiter.check(RouteClass.READ, "ip:1.2.3.4");
		this.limiter.check(RouteClass.READ, "ip:1.2.3.4");
		assertThat(this.counters.reads).isEqualTo(2);
	}

	@Test
	void theSlidingWindowRemembersTheLastMinute() {
		for (int i = 0; i < 3; i++) {
			this.limiter.check(RouteClass.UPLOAD, "user:alice");
		}
		this.clock.advance(Duration.ofSeconds(61));
		// 59/60 of the previous three still count
		assertThat(this.limiter.check(RouteClass.UPLOAD, "user:alice").allowed()).isFalse();
		this.clock.advance(Duration.ofSeconds(40));
		assertThat(this.limiter.check(RouteClass.UPLOAD, "user:alice").allowed()).isTrue();
	}

	@Test
	void failsOpenWhenTheStoreFailsAndBacksOffBeforeTryingAgain() {
		this.counters.failing = true;
		assertThat(this.limiter.check(RouteClass.READ, "ip:1.2.3.4")).isNull();
		assertThat(this.counters.calls).isEqualTo(1);
		assertThat(this.limiter.check(RouteClass.READ, "ip:1.2.3.4")).isNull();
		assertThat(this.counters.calls).as("backing off: not tried again").isEqualTo(1);
		assertThat(this.meters.get("ocr.ratelimit.failed-open").tag("class", "read").counter().count()).isEqualTo(2);

		this.counters.failing = false;
		this.clock.advance(Duration.ofSeconds(6));
		assertThat(this.limiter.check(RouteClass.READ, "ip:1.2.3.4")).isNotNull();
	}

	private static final class FakeCounters implements WindowCounters {

		final Map<String, Long> counts = new HashMap<>();

		int reads;

		int calls;

		boolean failing;

		@Override
		public long increment(String id, Instant expiresAt) {
			this.calls++;
			if (this.failing) {
				throw new MongoTimeoutException("timed out");
			}
			return this.counts.merge(id, 1L, Long::sum);
		}

		@Override
		public long read(String id) {
			this.reads++;
			return this.counts.getOrDefault(id, 0L);
		}

	}

}
