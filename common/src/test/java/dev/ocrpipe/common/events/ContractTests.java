package dev.ocrpipe.common.events;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each Kafka contract reads its fixture and writes it back unchanged: the JSON is the contract.
 */
class ContractTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	@ParameterizedTest
	@CsvSource({ "JobSubmitted, dev.ocrpipe.common.events.JobSubmitted",
			"PageRequested, dev.ocrpipe.common.events.PageRequested",
			"JobStarted, dev.ocrpipe.common.events.JobEvent", "PageFinished, dev.ocrpipe.common.events.JobEvent",
			"JobFinished, dev.ocrpipe.common.events.JobEvent",
			"JobStatusChanged, dev.ocrpipe.common.events.JobEvent" })
	void fixtureRoundTripsUnchanged(String fixture, Class<?> type) throws IOException {
		String json = read(fixture);
		Object message = this.mapper.readValue(json, type);
		assertThat(message.getClass().getSimpleName()).isEqualTo(fixture);
		JsonNode written = this.mapper.readTree(this.mapper.writeValueAsString(message));
		assertThat(written).isEqualTo(this.mapper.readTree(json));
	}

	@ParameterizedTest
	@CsvSource({ "JobStarted", "PageFinished", "JobFinished", "JobStatusChanged" })
	void jobEventsCarryTheirTypeName(String fixture) throws IOException {
		JobEvent event = this.mapper.readValue(read(fixture), JobEvent.class);
		assertThat(this.mapper.readTree(this.mapper.writeValueAsString(event)).get("type").asString())
			.isEqualTo(fixture);
	}

	private String read(String fixture) throws IOException {
		try (InputStream in = getClass().getResourceAsStream("/contracts/" + fixture + ".json")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
