package dev.ocrpipe.api.dispatch;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.ocrpipe.api.jobs.JobRepository;
import dev.ocrpipe.api.jobs.NewJob;
import dev.ocrpipe.common.events.JobSubmitted;
import dev.ocrpipe.common.jobs.DocumentType;
import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.common.store.JobFields;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no broker reachable, publishing gives up within its bounds and leaves the jobs stored,
 * QUEUED and undispatched for the relay: an outage cannot lose or hang an upload.
 */
class KafkaOutageIT {

	private static MongoServer server;

	private static MongoClient client;

	private static DefaultKafkaProducerFactory<String, Object> producers;

	@BeforeAll
	static void start() throws Exception {
		server = new MongoServer(new MemoryBackend());
		InetSocketAddress address = server.bind();
		client = MongoClients.create("mongodb://localhost:" + address.getPort());
		int deadPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			deadPort = socket.getLocalPort();
		}
		Map<String, Object> config = new HashMap<>();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + deadPort);
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 500);
		config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 500);
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 1000);
		config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
		producers = new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new JacksonJsonSerializer<>());
	}

	@AfterAll
	static void stop() {
		producers.destroy();
		client.close();
		server.shutdown();
	}

	@Test
	void unacknowledgedJobsStayQueuedForTheRelay() {
		MongoTemplate mongo = new MongoTemplate(client, "ocrpipe");
		JobRepository jobs = new JobRepository(mongo);
		DispatchProperties properties = new DispatchProperties(Duration.ofSeconds(1), true, Duration.ofSeconds(10),
				Duration.ofSeconds(15), 100);
		JobPublisher publisher = new JobPublisher(new KafkaTemplate<>(producers), jobs, properties,
				Clock.systemUTC(), new SimpleMeterRegistry());
		Instant created = Instant.now().minusSeconds(60);
		List<JobSubmitted> messages = List.of(job(jobs, created), job(jobs, created), job(jobs, created));

		List<String> acknowledged = publisher.publish(messages, "upload");

		assertThat(acknowledged).isEmpty();
		for (JobSubmitted message : messages) {
			Document job = mongo.getCollection(Collections.JOBS)
				.find(new Document(JobFields.ID, message.jobId()))
				.first();
			assertThat(job.get(JobFields.STATUS)).isEqualTo("QUEUED");
			assertThat(job.containsKey(JobFields.DISPATCHED_AT)).isFalse();
			assertThat(job.get(JobFields.DISPATCH_ATTEMPTS)).isEqualTo(1);
		}
		assertThat(jobs.findUndispatched(Instant.now(), 10)).extracting(JobSubmitted::jobId)
			.containsExactlyElementsOf(messages.stream().map(JobSubmitted::jobId).toList());
	}

	private static JobSubmitted job(JobRepository jobs, Instant created) {
		String id = new ObjectId().toHexString();
		String uploadId = new ObjectId().toHexString();
		jobs.insert(new NewJob(id, "local", null, "a.pdf", DocumentType.PDF, 10, "00", uploadId, "req", created));
		return new JobSubmitted(id, "local", uploadId, DocumentType.PDF, "req", created);
	}

}
