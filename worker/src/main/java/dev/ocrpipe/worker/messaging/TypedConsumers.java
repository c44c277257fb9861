package dev.ocrpipe.worker.messaging;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;

/**
 * Consumers of one message type as every listener of the worker reads them: Boot's settings, no
 * auto-commit, and a value that cannot be read arriving as {@code null} with the reason in its
 * headers (so it can be dead-lettered with its raw bytes).
 */
public final class TypedConsumers {

	private TypedConsumers() {
	}

	public static <T> ConsumerFactory<String, T> of(KafkaProperties boot, Class<T> type, Map<String, Object> overrides) {
		Map<String, Object> properties = boot.buildConsumerProperties();
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		properties.putAll(overrides);
		JacksonJsonDeserializer<T> json = new JacksonJsonDeserializer<>(type, false);
		return new DefaultKafkaConsumerFactory<>(properties, new StringDeserializer(),
				new ErrorHandlingDeserializer<>(json));
	}

}
