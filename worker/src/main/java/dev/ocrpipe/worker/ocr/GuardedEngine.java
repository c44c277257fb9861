package dev.ocrpipe.worker.ocr;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ocrpipe.common.jobs.ErrorCode;

/**
 * Wraps a remote OCR engine with everything that keeps it inside its quotas and rides through its
 * faults, in this order for each call: the fleet-wide quota (permits leased from MongoDB, and the
 * fleet's pause after a 429), the circuit breaker (no calls while Gemini is down, probes after),
 * the worker's bulkhead (resilience4j, fixed maximum) and inside it an adaptive limit (halved on
 * 429/503, grown back on success). Transient failures are retried with exponential backoff and
 * full jitter, never sooner than a {@code Retry-After}; permanent ones never. One page may spend at
 * most {@code deadline} here, waits included.
 */
public class GuardedEngine implements OcrEngine {

	private static final Logger log = LoggerFactory.getLogger(GuardedEngine.class);

	private final OcrEngine delegate;

	private final FleetQuota quota;

	private final CircuitBreaker breaker;

	private final Bulkhead bulkhead;

	private final AdaptiveLimit limit;

	private final GuardProperties properties;

	private final IntervalFunction backoff;

	private final Pauses pauses;

	private final Clock clock;

	private final MeterRegistry meters;

	private final DistributionSummary retryDelays;

	public GuardedEngine(OcrEngine delegate, FleetQuota quota, CircuitBreaker breaker, Bulkhead bulkhead,
			GuardProperties properties, Pauses pauses, Clock clock, MeterRegistry meters) {
		this.delegate = delegate;
		this.quota = quota;
		this.breaker = breaker;
		this.bulkhead = bulkhead;
		int max = bulkhead.getBulkheadConfig().getMaxConcurrentCalls();
		this.limit = new AdaptiveLimit(Math.min(properties.minConcurrentCalls(), max), max);
		this.properties = properties;
		this.backoff = IntervalFunction.ofExponentialRandomBackoff(properties.backoffInitial(), 2.0, 1.0,
				properties.backoffMax());
		this.pauses = pauses;
		this.clock = clock;
		this.meters = meters;
		this.retryDelays = DistributionSummary.builder("ocr.retry.delay")
			.baseUnit("milliseconds")
			.description("waits before retried OCR calls (jittered)")
			.publishPercentiles(0.5, 0.95)
			.register(meters);
		Gauge.builder("ocr.concurrency.limit", this.limit, AdaptiveLimit::current)
			.description("the adaptive limit on concurrent OCR calls of this worker")
			.register(meters);
	}

	@Override
	public String name() {
		return this.delegate.name();
	}

	/** The bulkhead's maximum: the cap on concurrent calls, whatever the number of page slots. */
	@Override
	public OptionalInt callLimit() {
		return OptionalInt.of(this.bulkhead.getBulkheadConfig().getMaxConcurrentCalls());
	}

	@Override
	public OcrResult recognise(PageImage page) {
		return recognise(page, () -> {
		});
	}

	/**
	 * Recognise one page; after the waits for quota and a slot, and right before each call, the
	 * worker's shutdown is checked (the page is handed back) and then {@code beforeCall} runs.
	 */
	@Override
	public OcrResult recognise(PageImage page, Runnable beforeCall) {
		Instant deadline = this.clock.instant().plus(this.properties.deadline());
		OcrFailure last = null;
		int calls = 0;
		while (true) {
			if (!this.breaker.tryAcquirePermission()) {
				// open: make no call, wait for the breaker to let a probe through
				this.meters.counter("ocr.calls", "engine", name(), "outcome", "breaker_open").increment();
				if (!waitUntil(deadline, Duration.ofSeconds(1))) {
					throw gaveUp(last, "the circuit breaker stayed open");
				}
				continue;
			}
			// a failed probe of a half-open breaker tells about Gemini, not about this page: it does not
			// use up the page's attempts, so pages wait out an outage (up to their deadline) instead of failing
			boolean probe = this.breaker.getState() == CircuitBreaker.State.HALF_OPEN;
			if (!this.quota.acquire(deadline)) {
				this.breaker.releasePermission();
				if (this.pauses.isShuttingDown()) {
					// the quota's wait was cut short: hand the page back rather than fail it
					throw new WorkerStopping();
				}
				throw gaveUp(last, "no quota came free in time");
			}
			boolean entered;
			try {
				entered = enterBulkhead(deadline);
			}
			catch (WorkerStopping ex) {
				this.breaker.releasePermission();
				throw ex;
			}
			if (!entered) {
				this.breaker.releasePermission();
				throw gaveUp(last, "no OCR slot came free in time");
			}
			long started = System.nanoTime();
			try {
				try {
					// the waits above may have been long: nothing may have changed meanwhile that forbids the call
					if (this.pauses.isShuttingDown()) {
						throw new WorkerStopping();
					}
					beforeCall.run();
				}
				catch (RuntimeException | Error ex) {
					this.breaker.releasePermission();
					throw ex;
				}
				if (!probe) {
					calls++;
				}
				started = System.nanoTime();
				OcrResult result = this.delegate.recognise(page);
				this.breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
				this.limit.onSuccess();
				this.quota.settle(result.usage().prompt());
				this.meters.counter("ocr.calls", "engine", name(), "outcome", "success").increment();
				return result;
			}
			catch (OcrFailure failure) {
				last = failure;
				long elapsed = System.nanoTime() - started;
				if (failure.isTransient()) {
					this.breaker.onError(elapsed, TimeUnit.NANOSECONDS, failure);
				}
				else {
					// a refused page says nothing about the engine's health
					this.breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
				}
				this.meters.counter("ocr.calls", "engine", name(), "outcome",
						(failure.status() > 0) ? String.valueOf(failure.status()) : failure.code().name())
					.increment();
				if (failure.isOverload()) {
					this.limit.onOverload();
				}
				if (failure.status() == 429 && failure.retryAfter() != null) {
					this.quota.pauseFleet(failure.retryAfter());
				}
				if (!failure.isTransient() || calls >= this.properties.maxAttempts()) {
					throw failure;
				}
				Duration wait = Duration.ofMillis(this.backoff.apply(Math.max(1, calls)));
				if (failure.retryAfter() != null && failure.retryAfter().compareTo(wait) > 0) {
					wait = failure.retryAfter();
				}
				if (this.clock.instant().plus(wait).isAfter(deadline)) {
					throw failure;
				}
				this.retryDelays.record(wait.toMillis());
				log.debug("OCR call {} failed ({}); retrying in {} ms", calls, failure.detail(), wait.toMillis());
				if (!this.pauses.pause(wait)) {
					throw new WorkerStopping();
				}
			}
			finally {
				this.limit.release();
				this.bulkhead.onComplete();
			}
		}
	}

	/**
	 * Enters the bulkhead, then the adaptive limit. The bulkhead's wait does not hear of a shutdown,
	 * so it is looked at once it is over; the adaptive limit stops waiting when the worker stops.
	 * @throws WorkerStopping when the worker started stopping meanwhile (nothing is held then)
	 */
	private boolean enterBulkhead(Instant deadline) {
		boolean entered = this.bulkhead.tryAcquirePermission();
		if (this.pauses.isShuttingDown()) {
			if (entered) {
				this.bulkhead.onComplete();
			}
			throw new WorkerStopping();
		}
		if (!entered) {
			return false;
		}
		try {
			if (!this.limit.acquire(Duration.between(this.clock.instant(), deadline), this.pauses::isShuttingDown)) {
				this.bulkhead.onComplete();
				if (this.pauses.isShuttingDown()) {
					throw new WorkerStopping();
				}
				return false;
			}
			return true;
		}
		catch (InterruptedException ex) {
			this.bulkhead.onComplete();
			Thread.currentThread().interrupt();
			throw new WorkerStopping();
		}
	}

	private boolean waitUntil(Instant deadline, Duration step) {
		Instant now = this.clock.instant();
		if (!now.isBefore(deadline)) {
			return false;
		}
		Duration left = Duration.between(now, deadline);
		if (!this.pauses.pause((left.compareTo(step) < 0) ? left : step)) {
			throw new WorkerStopping();
		}
		return true;
	}

	private static OcrFailure gaveUp(OcrFailure last, String why) {
		if (last != null) {
			return last;
		}
		log.warn("OCR not attempted for a page: {}", why);
		return new OcrFailure(ErrorCode.OCR_UNAVAILABLE, true, "OCR not attempted: " + why, null, null);
	}

}
