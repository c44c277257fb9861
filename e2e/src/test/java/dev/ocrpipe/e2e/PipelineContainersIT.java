package dev.ocrpipe.e2e;

import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The same end-to-end scenarios on real MongoDB and Kafka images, where Docker exists (CI on
 * GitHub); skipped elsewhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class PipelineContainersIT extends PipelineScenarios {

	private final MongoDBContainer mongo = new MongoDBContainer("mongo:8.0");

	private final KafkaContainer kafka = new KafkaContainer("apache/kafka-native:4.1.1");

	@Override
	protected void startInfrastructure() {
		this.mongo.start();
		this.kafka.start();
	}

	@Override
	protected void stopInfrastructure() {
		this.kafka.stop();
		this.mongo.stop();
	}

	@Override
	protected String mongoUri() {
		return this.mongo.getReplicaSetUrl("ocrpipe");
	}

	@Override
	protected String kafkaBootstrapServers() {
		return this.kafka.getBootstrapServers();
	}

}
