package dev.ocrpipe.api.dispatch;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

import dev.ocrpipe.common.events.Topics;

/**
 * Declares the {@code JobSubmitted} topic (created at startup if missing; the replication factor
 * is the broker's default).
 */
@Configuration(proxyBeanMethods = false)
class DispatchConfiguration {

	@Bean
	NewTopic jobSubmittedTopic(TopicProperties properties) {
		return TopicBuilder.name(Topics.JOB_SUBMITTED).partitions(properties.jobSubmittedPartitions()).build();
	}

}
