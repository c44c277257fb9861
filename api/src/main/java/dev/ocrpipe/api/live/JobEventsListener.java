package dev.ocrpipe.api.live;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

import dev.ocrpipe.common.events.Topics;
import tools.jackson.databind.json.JsonMapper;

/**
 * Feeds this instance's streams from the job-events topic. Each API instance reads every event
 * (its consumer group is its own), and this listener only parses and routes, so the consumer
 * never waits for a client.
 */
class JobEventsListener {

	static final String ID = "ocr-api-live";

	private static final Logger log = LoggerFactory.getLogger(JobEventsListener.class);

	private final LiveStreams streams;

	private final JsonMapper mapper;

	JobEventsListener(LiveStreams streams, JsonMapper mapper) {
		this.streams = streams;
		this.mapper = mapper;
	}

	@KafkaListener(id = ID, idIsGroup = false, topics = Topics.JOB_EVENTS, containerFactory = "liveListenerFactory")
	void on(ConsumerRecord<String, String> record) {
		if (record.value() == null) {
			return;
		}
		LiveEvent event;
		try {
			event = LiveEvent.parse(this.mapper, record.value());
		}
		catch (IllegalArgumentException ex) {
			log.warn("Ignoring unreadable job event at {}-{}@{}: {}", record.topic(), record.partition(),
					record.offset(), ex.getMessage());
			return;
		}
		this.streams.route(event);
	}

}
