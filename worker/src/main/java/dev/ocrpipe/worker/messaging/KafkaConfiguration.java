package dev.ocrpipe.worker.messaging;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.util.backoff.ExponentialBackOff;

import dev.ocrpipe.common.events.JobSubmitted;
import dev.ocrpipe.common.events.PageRequested;
import dev.ocrpipe.common.events.Topics;
import dev.ocrpipe.worker.pages.PageProperties;

/**
 * Topics, typed consumers and one error handler. A record that cannot be read, or keeps failing,
 * goes to {@code <topic>-dlt} with its raw bytes and the exception headers, after exponential
 * backoff for failures that may pass (MongoDB or Kafka briefly away).
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	@Bean
	KafkaAdmin.NewTopics ocrTopics(MessagingProperties messaging) {
		return new KafkaAdmin.NewTopics(topic(Topics.JOB_SUBMITTED, messaging.jobPartitions(), messaging),
				topic(Topics.JOB_SUBMITTED + Topics.DEAD_LETTER_SUFFIX, messaging.jobPartitions(), messaging),
				topic(Topics.PAGE_REQUESTED, messaging.pagePartitions(), messaging),
				topic(Topics.PAGE_REQUESTED + Topics.DEAD_LETTER_SUFFIX, messaging.pagePartitions(), messaging),
				topic(Topics.JOB_EVENTS, messaging.jobPartitions(), messaging));
	}

	private static NewTopic topic(String name, int partitions, MessagingProperties messaging) {
		return TopicBuilder.name(name).partitions(partitions).replicas(messaging.replicas()).build();
	}

	@Bean
	DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<Object, Object> kafka, KafkaProperties boot,
			MessagingProperties messaging) {
		Map<String, Object> producer = boot.buildProducerProperties();
		// keys are read as strings, values that could not be read are kept as their raw bytes
		KafkaTemplate<String, byte[]> raw = new KafkaTemplate<>(
				new DefaultKafkaProducerFactory<>(producer, new StringSerializer(), new ByteArraySerializer()));
		Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
		templates.put(byte[].class, raw);
		templates.put(Object.class, kafka);
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(templates);
		ExponentialBackOff backOff = new ExponentialBackOff(messaging.retryInitial().toMillis(), 2.0);
		backOff.setMaxInterval(messaging.retryMax().toMillis());
		backOff.setMaxElapsedTime(messaging.retryElapsed().toMillis());
		DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
		handler.addNotRetryableExceptions(IllegalArgumentException.class);
		return handler;
	}

	@Bean
	ConcurrentKafkaListenerContainerFactory<String, JobSubmitted> jobSubmittedListenerFactory(KafkaProperties boot,
			DefaultErrorHandler errorHandler) {
		ConcurrentKafkaListenerContainerFactory<String, JobSubmitted> factory = new ConcurrentKafkaListenerContainerFactory<>();
		factory.setConsumerFactory(consumerFactory(boot, JobSubmitted.class, Map.of()));
		factory.setCommonErrorHandler(errorHandler);
		factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.RECORD);
		return factory;
	}

	/**
	 * Page tasks arrive in batches of up to {@code concurrency × prefetch} records, processed in
	 * parallel; the batch's offsets are committed only when every page in it is durable, so the
	 * number of pages in flight does not depend on how many partitions this worker holds.
	 */
	@Bean
	ConcurrentKafkaListenerContainerFactory<String, PageRequested> pageRequestedListenerFactory(KafkaProperties boot,
			DefaultErrorHandler errorHandler, PageProperties pages) {
		int batch = pages.concurrency() * pages.prefetch();
		// a batch may hold every page of a slow engine call plus its retries
		long pollInterval = Math.max(300_000L, pages.timeLimit().toMillis() * (pages.prefetch() + 1));
		ConcurrentKafkaListenerContainerFactory<String, PageRequested> factory = new ConcurrentKafkaListenerContainerFactory<>();
		factory.setConsumerFactory(consumerFactory(boot, PageRequested.class,
				Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batch, ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
						(int) Math.min(Integer.MAX_VALUE, pollInterval))));
		factory.setBatchListener(true);
		factory.setCommonErrorHandler(errorHandler);
		factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
		// a stopping worker lets the pages in flight finish (or hands them back) before it leaves
		factory.getContainerProperties().setShutdownTimeout(pages.shutdownGrace().toMillis());
		return factory;
	}

	private static <T> ConsumerFactory<String, T> consumerFactory(KafkaProperties boot, Class<T> type,
			Map<String, Object> overrides) {
		Map<String, Object> properties = boot.buildConsumerProperties();
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		properties.putAll(overrides);
		JacksonJsonDeserializer<T> json = new JacksonJsonDeserializer<>(type, false);
		return new DefaultKafkaConsumerFactory<>(properties, new StringDeserializer(),
				new ErrorHandlingDeserializer<>(json));
	}

}
