package dev.ocrpipe.api.live;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import static org.awaitility.Awaitility.await;

/**
 * Shared steps of the live-progress tests.
 */
final class LiveTests {

	private static final AtomicLong PINGS = new AtomicLong();

	private LiveTests() {
	}

	/**
	 * Waits until this instance's live consumer is assigned and positioned: with
	 * {@code auto.offset.reset=latest}, anything published before that would not reach it.
	 */
	static void awaitConsumer(WorkerSimulator worker, MeterRegistry metrics) {
		double before = metrics.counter("ocr.sse.events.consumed").count();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
			worker.ping(PINGS.incrementAndGet());
			return metrics.counter("ocr.sse.events.consumed").count() > before;
		});
	}

	static int open(MeterRegistry metrics, String kind) {
		Gauge gauge = metrics.find("ocr.sse.streams").tag("kind", kind).gauge();
		return (gauge != null) ? (int) gauge.value() : -1;
	}

}
