package dev.ocrpipe.api.live;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;

import dev.ocrpipe.api.jobs.JobSnapshots;
import dev.ocrpipe.common.events.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires live progress: the stream registry, the job-events consumer in a consumer group of its
 * own per instance (every instance must see every event; starting at the latest offset, since
 * anything older is replayed from MongoDB, and never committing, since a restarted instance has
 * a new group anyway).
 */
@Configuration(proxyBeanMethods = false)
class LiveConfiguration {

	@Bean
	LiveStreams liveStreams(MeterRegistry metrics, LiveProperties properties) {
		return new LiveStreams(metrics, properties.maxStreamsPerUser());
	}

	@Bean
	EventStore liveEventStore(MongoTemplate mongo, JsonMapper mapper) {
		return new EventStore(mongo, mapper);
	}

	@Bean
	LiveService liveService(LiveStreams streams, JobSnapshots snapshots, EventStore store, JsonMapper mapper,
			LiveProperties properties, Clock clock) {
		return new LiveService(streams, snapshots, store, mapper, properties, clock);
	}

	@Bean
	JobEventsListener jobEventsListener(LiveStreams streams, JsonMapper mapper) {
		return new JobEventsListener(streams, mapper);
	}

	@Bean
	ConcurrentKafkaListenerContainerFactory<String, String> liveListenerFactory(KafkaProperties boot) {
		Map<String, Object> properties = boot.buildConsumerProperties();
		properties.put(ConsumerConfig.GROUP_ID_CONFIG, "ocr-api-live-" + UUID.randomUUID());
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		ConcurrentKafkaListenerContainerFactory<String, String> factory = new ConcurrentKafkaListenerContainerFactory<>();
		factory.setConsumerFactory(
				new DefaultKafkaConsumerFactory<>(properties, new StringDeserializer(), new StringDeserializer()));
		// offsets of a throw-away group are worth nothing: never commit them
		factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.MANUAL);
		return factory;
	}

	@Bean
	NewTopic jobEventsTopic(LiveProperties properties) {
		return TopicBuilder.name(Topics.JOB_EVENTS).partitions(properties.topicPartitions()).build();
	}

}
