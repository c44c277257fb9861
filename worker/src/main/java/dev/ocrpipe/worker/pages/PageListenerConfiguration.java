package dev.ocrpipe.worker.pages;

import java.time.Duration;
import java.util.Map;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.ContainerProperties;

import dev.ocrpipe.common.events.PageRequested;
import dev.ocrpipe.worker.messaging.TypedConsumers;
import dev.ocrpipe.worker.ocr.GuardProperties;

/**
 * The consumer of page tasks. Its offsets are the page executor's business: the container commits
 * nothing itself ({@code MANUAL}, never acknowledged), and the executor commits on the consumer's
 * thread up to the first task that is not durable, when tasks arrive, while it waits for a slot,
 * when the consumer is idle and before partitions are revoked.
 */
@Configuration(proxyBeanMethods = false)
class PageListenerConfiguration {

	/** How long a poll waits for tasks, and how soon an idle consumer commits what finished. */
	private static final Duration POLL = Duration.ofSeconds(1);

	/** Added to a page's bounds for its reads and writes in MongoDB and Kafka. */
	private static final Duration MARGIN = Duration.ofMinutes(2);

	@Bean
	ConcurrentKafkaListenerContainerFactory<String, PageRequested> pageRequestedListenerFactory(KafkaProperties boot,
			PageProperties pages, PageSlots slots, PageExecutor executor, GuardProperties guard,
			BulkheadRegistry bulkheads) {
		int batch = slots.count() * pages.prefetch();
		long pollInterval = pollInterval(pages, guard, bulkheads.bulkhead("gemini").getBulkheadConfig().getMaxWaitDuration())
			.toMillis();
		ConcurrentKafkaListenerContainerFactory<String, PageRequested> factory = new ConcurrentKafkaListenerContainerFactory<>();
		factory.setConsumerFactory(TypedConsumers.of(boot, PageRequested.class,
				Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batch, ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
						(int) Math.min(Integer.MAX_VALUE, pollInterval))));
		factory.setBatchListener(true);
		ContainerProperties container = factory.getContainerProperties();
		container.setAckMode(ContainerProperties.AckMode.MANUAL);
		container.setConsumerRebalanceListener(executor);
		container.setPollTimeout(POLL.toMillis());
		container.setIdleEventInterval(POLL.toMillis());
		// a stopping worker lets the pages in flight finish (or hands them back) before it leaves:
		// the executor waits up to the grace when the partitions are revoked on the way out
		container.setShutdownTimeout(pages.shutdownGrace().plusSeconds(10).toMillis());
		return factory;
	}

	/**
	 * How long the consumer thread may go without a poll: while it feeds one poll's tasks it waits for
	 * slots, and the last task of a poll may wait for {@code prefetch} pages in a row to end. One page
	 * takes at most its render time limit, the bulkhead's wait and the OCR guard's deadline (the
	 * bounds enforced on it), plus a margin; at least 5 minutes, Kafka's default. Not covered: a page
	 * retried after a fault (each try is bounded again) — past the interval the consumer leaves the
	 * group and its partitions are taken over, which costs redelivered no-ops, not pages.
	 */
	static Duration pollInterval(PageProperties pages, GuardProperties guard, Duration bulkheadWait) {
		Duration page = pages.renderTimeLimit().plus(bulkheadWait).plus(guard.deadline()).plus(MARGIN);
		Duration interval = page.multipliedBy(pages.prefetch());
		return (interval.compareTo(Duration.ofMinutes(5)) < 0) ? Duration.ofMinutes(5) : interval;
	}

}
