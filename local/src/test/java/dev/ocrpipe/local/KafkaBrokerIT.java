package dev.ocrpipe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerIT {

	private static final String TOPIC = "ocr.test.v1";

	@TempDir
	Path dir;

	@Test
	void recordsSurviveAKillAndARestartOnTheSameDirectory() throws Exception {
		try (KafkaBroker broker = KafkaBroker.start(this.dir.resolve("kafka"), Ports.free(), Ports.free())) {
			try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
				admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
			}
			produce(broker, "job-1", "before the crash");
			assertThat(consumeAll(broker, 1)).containsExactly("before the crash");
			long pid = broker.pid();

			broker.kill();

			assertThat(broker.isAlive()).isFalse();
			assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();

			broker.restart();

			assertThat(broker.isAlive()).isTrue();
			assertThat(broker.pid()).isNotEqualTo(pid);
			produce(broker, "job-2", "after the restart");
			assertThat(consumeAll(broker, 2)).containsExactlyInAnyOrder("before the crash", "after the restart");
		}
	}

	@Test
	void aGracefulStopEndsTheProcessAndTopicsAreNotCreatedByAccident() throws Exception {
		try (KafkaBroker broker = KafkaBroker.start(this.dir.resolve("kafka"), Ports.free(), Ports.free())) {
			try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
				// auto.create.topics.enable=false: the applications declare their topics
				try (KafkaConsumer<String, String> consumer = consumer(broker)) {
					consumer.subscribe(Set.of("ocr.typo.v1"));
					consumer.poll(Duration.ofSeconds(2));
				}
				assertThat(admin.listTopics().names().get()).doesNotContain("ocr.typo.v1");
			}

			broker.stop();

			assertThat(broker.isAlive()).isFalse();
			assertThat(broker.logFile()).content().contains("Kafka Server started");
		}
	}

	private static void produce(KafkaBroker broker, String key, String value) throws Exception {
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
						ProducerConfig.ACKS_CONFIG, "all"),
				new StringSerializer(), new StringSerializer())) {
			producer.send(new ProducerRecord<>(TOPIC, key, value)).get();
		}
	}

	private static List<String> consumeAll(KafkaBroker broker, int expected) {
		List<String> values = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = consumer(broker)) {
			consumer.subscribe(Set.of(TOPIC));
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				consumer.poll(Duration.ofMillis(500)).forEach((record) -> values.add(record.value()));
				return values.size() >= expected;
			});
		}
		return values;
	}

	private static KafkaConsumer<String, String> consumer(KafkaBroker broker) {
		return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
				ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
				"earliest"), new StringDeserializer(), new StringDeserializer());
	}

}
