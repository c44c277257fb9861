package dev.ocrpipe.worker.pages;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.ContainerProperties;

import dev.ocrpipe.common.events.PageRequested;
import dev.ocrpipe.worker.messaging.TypedConsumers;

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

	@Bean
	ConcurrentKafkaListenerContainerFactory<String, PageRequested> pageRequestedListenerFactory(KafkaProperties boot,
			PageProperties pages, PageSlots slots, PageExecutor executor) {
		int batch = slots.count() * pages.prefetch();
		// the consumer thread waits for a slot, which may take one page's whole time limit
		long pollInterval = Math.max(300_000L, pages.timeLimit().toMillis() * 2);
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

}
