package dev.ocrpipe.worker.messaging;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import dev.ocrpipe.common.events.JobSubmitted;
import dev.ocrpipe.common.events.Topics;

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
				topic(Topics.PAGE_REQUESTED_BULK, messaging.pagePartitions(), messaging),
				topic(Topics.PAGE_REQUESTED_BULK + Topics.DEAD_LETTER_SUFFIX, messaging.pagePartitions(), messaging),
				topic(Topics.JOB_EVENTS, messaging.jobPartitions(), messaging));
	}

	private static NewTopic topic(String name, int partitions, MessagingProperties messaging) {
		return TopicBuilder.name(name).partitions(partitions).replicas(messaging.replicas()).build();
	}

	/** Sends a record to {@code <topic>-dlt}, with its raw bytes when it could not be read. */
	@Bean
	DeadLetterPublishingRecoverer deadLetters(KafkaTemplate<Object, Object> kafka, KafkaProperties boot) {
		Map<String, Object> producer = boot.buildProducerProperties();
		// keys are read as strings, values that could not be read are kept as their raw bytes
		KafkaTemplate<String, byte[]> raw = new KafkaTemplate<>(
				new DefaultKafkaProducerFactory<>(producer, new StringSerializer(), new ByteArraySerializer()));
		Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
		templates.put(byte[].class, raw);
		templates.put(Object.class, kafka);
		return new DeadLetterPublishingRecoverer(templates);
	}

	@Bean
	DefaultErrorHandler kafkaErrorHandler(DeadLetterPublishingRecoverer recoverer, MessagingProperties messaging) {
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
		factory.setConsumerFactory(TypedConsumers.of(boot, JobSubmitted.class, Map.of()));
		factory.setCommonErrorHandler(errorHandler);
		factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.RECORD);
		return factory;
	}

}
