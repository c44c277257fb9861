package dev.ocrpipe.api.audit;

import java.time.Clock;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

import dev.ocrpipe.api.system.ClientAddress;
import dev.ocrpipe.api.system.CurrentOwner;
import dev.ocrpipe.common.store.Collections;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the audit trail: the log every feature records through, the
 * TTL reconciliation at startup and the consumer that records jobs' terminal states.
 */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

	private static final Logger log = LoggerFactory.getLogger(AuditConfiguration.class);

	/** A failed write of a terminal state is tried again this often, a second apart, then counted and dropped. */
	private static final long WRITE_RETRIES = 4;

	@Bean
	AuditLog auditLog(MongoTemplate mongo, CurrentOwner owner, ClientAddress clientAddress, Clock clock,
			MeterRegistry metrics) {
		return new AuditLog(mongo.getCollection(Collections.AUDIT_EVENTS), owner, clientAddress, clock, metrics);
	}

	/**
	 * After every singleton, so after the migrations bean has applied the migrations that create the
	 * index; a failure is logged and leaves the TTL as it was rather than stopping the start.
	 */
	@Bean
	SmartInitializingSingleton auditRetentionReconciler(MongoTemplate mongo, AuditProperties properties) {
		return () -> {
			try {
				new AuditRetention(mongo.getDb(), properties.retention()).reconcile();
			}
			catch (RuntimeException ex) {
				log.warn("Audit retention: could not set the TTL to {}: {}", properties.retention(), ex.toString());
			}
		};
	}

	@Bean
	AuthAuditListener authAuditListener(AuditLog audit) {
		return new AuthAuditListener(audit);
	}

	@Bean
	JobOutcomeListener jobOutcomeListener(AuditLog audit, JsonMapper mapper) {
		return new JobOutcomeListener(audit, mapper);
	}

	/**
	 * One consumer group for all API instances, starting at the earliest retained event the first
	 * time and committing offsets, so each terminal state is seen by one instance and none is
	 * missed while every instance is down.
	 */
	@Bean
	ConcurrentKafkaListenerContainerFactory<String, String> auditListenerFactory(KafkaProperties boot,
			AuditProperties properties, JsonMapper mapper, AuditLog audit) {
		Map<String, Object> consumer = boot.buildConsumerProperties();
		consumer.put(ConsumerConfig.GROUP_ID_CONFIG, properties.consumerGroup());
		consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		ConcurrentKafkaListenerContainerFactory<String, String> factory = new ConcurrentKafkaListenerContainerFactory<>();
		factory.setConsumerFactory(
				new DefaultKafkaConsumerFactory<>(consumer, new StringDeserializer(), new StringDeserializer()));
		factory.setCommonErrorHandler(new DefaultErrorHandler(
				(record, ex) -> JobOutcomeListener.entry(mapper, record).ifPresent((entry) -> audit.failed(entry, ex)),
				new FixedBackOff(1000L, WRITE_RETRIES)));
		return factory;
	}

}
