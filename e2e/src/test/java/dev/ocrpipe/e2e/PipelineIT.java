package dev.ocrpipe.e2e;

import dev.ocrpipe.local.KafkaBroker;
import dev.ocrpipe.local.Ports;
import dev.ocrpipe.testkit.MongoTestServer;

/**
 * The end-to-end scenarios on what runs anywhere without Docker: a real Kafka broker (KRaft, in
 * its own JVM) and the Mongo-wire server.
 */
class PipelineIT extends PipelineScenarios {

	private KafkaBroker kafka;

	private MongoTestServer mongo;

	@Override
	protected void startInfrastructure() {
		this.mongo = MongoTestServer.start();
		this.kafka = KafkaBroker.start(tempDirectory("ocrpipe-e2e-kafka"), Ports.free(), Ports.free());
	}

	@Override
	protected void stopInfrastructure() {
		if (this.kafka != null) {
			this.kafka.close();
		}
		if (this.mongo != null) {
			this.mongo.close();
		}
	}

	@Override
	protected String mongoUri() {
		return this.mongo.uri("ocrpipe");
	}

	@Override
	protected String kafkaBootstrapServers() {
		return this.kafka.bootstrapServers();
	}

}
