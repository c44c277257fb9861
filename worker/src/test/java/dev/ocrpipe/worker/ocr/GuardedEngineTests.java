package dev.ocrpipe.worker.ocr;

import java.awt.image.BufferedImage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import com.mongodb.client.MongoClients;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.MongoTemplate;

import dev.ocrpipe.common.jobs.ErrorCode;
import dev.ocrpipe.testkit.MongoTestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class GuardedEngineTests {

	static final MongoTestServer server = MongoTestServer.start();

	final MongoTemplate mongo = new MongoTemplate(MongoClients.create(server.uri("guard")), "guard-" + System.nanoTime());

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	final PageImage page = new PageImage(new BufferedImage(10, 10, BufferedImage.TYPE_BYTE_GRAY), 200, 0.1);

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void transientFailuresAreRetriedWithJitteredBackoffThatHonoursRetryAfter() {
		ScriptedEngine engine = new ScriptedEngine((call) -> switch (call) {
			case 1 -> overloaded(429, Duration.ofMillis(300));
			case 2, 3 -> overloaded(503, null);
			default -> null;
		});
		GuardedEngine guarded = guard(engine, breaker(100), 4, 5);

		OcrResult result = guarded.recognise(this.page);

		assertThat(result.text()).isEqualTo("text 4");
		assertThat(engine.calls.get()).isEqualTo(4);
		List<Long> gaps = engine.gapsMillis();
		assertThat(gaps.get(0)).as("the 429 asked for 300 ms").isGreaterThanOrEqualTo(290);
		assertThat(this.meters.summary("ocr.retry.delay").count()).isEqualTo(3);
		assertThat(this.meters.get("ocr.concurrency.limit").gauge().value())
			.as("halved from 4 down to the floor of 1, then one success adds 1/limit").isEqualTo(2.0);
	}

	@Test
	void permanentFailuresAreNotRetried() {
		ScriptedEngine engine = new ScriptedEngine(
				(call) -> new OcrFailure(ErrorCode.OCR_REJECTED, false, "400 INVALID_ARGUMENT", null, 400, null));
		GuardedEngine guarded = guard(engine, breaker(100), 4, 5);

		assertThatExceptionOfType(OcrFailure.class).isThrownBy(() -> guarded.recognise(this.page))
			.satisfies((failure) -> assertThat(failure.code()).isEqualTo(ErrorCode.OCR_REJECTED));
		assertThat(engine.calls.get()).isEqualTo(1);
	}

	@Test
	void attemptsAreBounded() {
		ScriptedEngine engine = new ScriptedEngine((call) -> overloaded(503, null));
		GuardedEngine guarded = guard(engine, breaker(100), 4, 3);

		assertThatExceptionOfType(OcrFailure.class).isThrownBy(() -> guarded.recognise(this.page));
		assertThat(engine.calls.get()).isEqualTo(3);
	}

	@Test
	void anOpenBreakerLetsNoCallThroughAndTheEngineIsProbedAfterItsWait() {
		AtomicInteger down = new AtomicInteger(1);
		ScriptedEngine engine = new ScriptedEngine((call) -> (down.get() == 1) ? overloaded(500, null) : null);
		CircuitBreaker breaker = breaker(4);
		GuardedEngine guarded = guard(engine, breaker, 4, 4);
		assertThatExceptionOfType(OcrFailure.class).isThrownBy(() -> guarded.recognise(this.page));
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		int callsWhenOpened = engine.calls.get();

		Thread caller = Thread.ofVirtual().start(() -> guarded.recognise(this.page));
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1))
			.until(() -> engine.calls.get() == callsWhenOpened);
		down.set(0);
		await().atMost(Duration.ofSeconds(10)).until(() -> !caller.isAlive());
		assertThat(engine.calls.get()).isEqualTo(callsWhenOpened + 1);
		assertThat(breaker.getState()).isIn(CircuitBreaker.State.HALF_OPEN, CircuitBreaker.State.CLOSED);
	}

	@Test
	void aPageThatWaitedForTheBulkheadThroughAShutdownMakesNoCall() {
		CountDownLatch gate = new CountDownLatch(1);
		AtomicInteger calls = new AtomicInteger();
		OcrEngine blocking = new ScriptedEngine((call) -> {
			calls.incrementAndGet();
			if (call == 1) {
				pass(gate);
			}
			return null;
		});
		Pauses pauses = new Pauses();
		GuardedEngine guarded = guard(blocking, breaker(100), 1, 3, pauses);
		Thread first = Thread.ofVirtual().start(() -> guarded.recognise(this.page));
		await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 1);
		CompletableFuture<Throwable> second = CompletableFuture.supplyAsync(() -> {
			try {
				guarded.recognise(this.page);
				return null;
			}
			catch (RuntimeException ex) {
				return ex;
			}
		}, Executors.newVirtualThreadPerTaskExecutor());
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> !second.isDone());

		pauses.destroy();
		gate.countDown();

		assertThat(second.join()).isInstanceOf(WorkerStopping.class);
		await().atMost(Duration.ofSeconds(5)).until(() -> !first.isAlive());
		assertThat(calls.get()).as("no call after the shutdown").isEqualTo(1);
	}

	@Test
	void theCheckBeforeTheCallRunsAfterTheWaitsAndBeforeEveryCall() {
		CountDownLatch gate = new CountDownLatch(1);
		ScriptedEngine engine = new ScriptedEngine((call) -> {
			if (call == 1) {
				pass(gate);
			}
			return (call == 2) ? overloaded(503, null) : null;
		});
		GuardedEngine guarded = guard(engine, breaker(100), 1, 3);
		Thread first = Thread.ofVirtual().start(() -> guarded.recognise(this.page));
		await().atMost(Duration.ofSeconds(5)).until(() -> engine.calls.get() == 1);
		AtomicInteger checks = new AtomicInteger();
		AtomicInteger cancelled = new AtomicInteger();
		CompletableFuture<OcrResult> second = CompletableFuture.supplyAsync(() -> guarded.recognise(this.page, () -> {
			checks.incrementAndGet();
			if (cancelled.get() == 1) {
				throw new IllegalStateException("cancelled");
			}
		}), Executors.newVirtualThreadPerTaskExecutor());
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> !second.isDone());
		assertThat(checks.get()).as("not checked before the wait is over").isZero();

		gate.countDown();

		assertThat(second.join().text()).isEqualTo("text 3");
		assertThat(checks.get()).as("once before each of its two calls").isEqualTo(2);
		await().atMost(Duration.ofSeconds(5)).until(() -> !first.isAlive());

		cancelled.set(1);
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> guarded.recognise(this.page, () -> {
				if (cancelled.get() == 1) {
					throw new IllegalStateException("cancelled");
				}
			}));
		assertThat(engine.calls.get()).isEqualTo(3);
		// what was taken for the refused call is given back
		assertThat(guarded.recognise(this.page).text()).isEqualTo("text 4");
	}

	private static void pass(CountDownLatch gate) {
		try {
			gate.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private GuardedEngine guard(OcrEngine engine, CircuitBreaker breaker, int maxConcurrent, int attempts) {
		return guard(engine, breaker, maxConcurrent, attempts, new Pauses());
	}

	private GuardedEngine guard(OcrEngine engine, CircuitBreaker breaker, int maxConcurrent, int attempts,
			Pauses pauses) {
		GuardProperties properties = new GuardProperties(1, attempts, Duration.ofMillis(20), Duration.ofMillis(200),
				Duration.ofSeconds(30), 0, 0, 1000, 5);
		Bulkhead bulkhead = Bulkhead.of("test", BulkheadConfig.custom()
			.maxConcurrentCalls(maxConcurrent)
			.maxWaitDuration(Duration.ofSeconds(5))
			.build());
		FleetQuota quota = new FleetQuota(this.mongo, properties, "m", Clock.systemUTC(), new Pauses());
		return new GuardedEngine(engine, quota, breaker, bulkhead, properties, pauses, Clock.systemUTC(),
				this.meters);
	}

	private static CircuitBreaker breaker(int window) {
		return CircuitBreaker.of("test", CircuitBreakerConfig.custom()
			.slidingWindowSize(window)
			.minimumNumberOfCalls(window)
			.failureRateThreshold(50)
			.waitDurationInOpenState(Duration.ofSeconds(2))
			.permittedNumberOfCallsInHalfOpenState(1)
			.build());
	}

	private static OcrFailure overloaded(int status, Duration retryAfter) {
		return new OcrFailure(ErrorCode.OCR_UNAVAILABLE, true, "Gemini answered " + status, retryAfter, status, null);
	}

	/** An engine that fails as scripted per call number (from 1) and otherwise answers. */
	private static final class ScriptedEngine implements OcrEngine {

		final AtomicInteger calls = new AtomicInteger();

		final ConcurrentLinkedQueue<Long> times = new ConcurrentLinkedQueue<>();

		private final IntFunction<OcrFailure> script;

		ScriptedEngine(IntFunction<OcrFailure> script) {
			this.script = script;
		}

		@Override
		public String name() {
			return "scripted";
		}

		@Override
		public OcrResult recognise(PageImage page) {
			int call = this.calls.incrementAndGet();
			this.times.add(System.nanoTime());
			OcrFailure failure = this.script.apply(call);
			if (failure != null) {
				throw failure;
			}
			return new OcrResult("text " + call, "scripted", "m", "v", "p", "STOP",
					new OcrResult.TokenUsage(1000, 10, 1010), 1, "sha");
		}

		List<Long> gapsMillis() {
			List<Long> list = new ArrayList<>(this.times);
			List<Long> gaps = new ArrayList<>();
			for (int i = 1; i < list.size(); i++) {
				gaps.add((list.get(i) - list.get(i - 1)) / 1_000_000);
			}
			return gaps;
		}

	}

}
