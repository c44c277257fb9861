package dev.ocrpipe.api.ops;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

import dev.ocrpipe.common.events.Topics;

/**
 * Counts the records on the dead-letter topics (end offset minus start offset of every
 * partition): records a worker could not handle after its retries, waiting for an operator.
 */
@Component
class DeadLetters implements DisposableBean {

	static final List<String> TOPICS = List.of(Topics.JOB_SUBMITTED + Topics.DEAD_LETTER_SUFFIX,
			Topics.PAGE_REQUESTED + Topics.DEAD_LETTER_SUFFIX);

	private final KafkaAdmin kafkaAdmin;

	private volatile Admin admin;

	DeadLetters(KafkaAdmin kafkaAdmin) {
		this.kafkaAdmin = kafkaAdmin;
	}

	/** The records on the dead-letter topics; a topic that does not exist yet counts 0. */
	long count(Duration timeout) {
		Admin client = admin();
		long deadline = System.nanoTime() + timeout.toNanos();
		Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		for (Map.Entry<String, KafkaFuture<TopicDescription>> topic : client.describeTopics(TOPICS)
			.topicNameValues()
			.entrySet()) {
			TopicDescription description;
			try {
				description = get(topic.getValue(), deadline);
			}
			catch (UnknownTopicOrPartitionException ex) {
				continue;
			}
			description.partitions().forEach((partition) -> {
				TopicPartition key = new TopicPartition(topic.getKey(), partition.partition());
				earliest.put(key, OffsetSpec.earliest());
				latest.put(key, OffsetSpec.latest());
			});
		}
		if (latest.isEmpty()) {
			return 0;
		}
		ListOffsetsResult starts = client.listOffsets(earliest);
		ListOffsetsResult ends = client.listOffsets(latest);
		long total = 0;
		for (TopicPartition partition : latest.keySet()) {
			total += get(ends.partitionResult(partition), deadline).offset()
					- get(starts.partitionResult(partition), deadline).offset();
		}
		return total;
	}

	private Admin admin() {
		Admin client = this.admin;
		if (client == null) {
			synchronized (this) {
				if (this.admin == null) {
					this.admin = Admin.create(this.kafkaAdmin.getConfigurationProperties());
				}
				client = this.admin;
			}
		}
		return client;
	}

	private static <T> T get(KafkaFuture<T> future, long deadline) {
		try {
			return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("The broker did not answer in time", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	@Override
	public void destroy() {
		Admin client = this.admin;
		if (client != null) {
			client.close(Duration.ofSeconds(2));
		}
	}

}
