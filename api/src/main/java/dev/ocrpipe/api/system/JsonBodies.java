package dev.ocrpipe.api.system;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the JSON mappers that read request bodies: Boot's configuration (the same customizers
 * as the application's mapper) on a parser that refuses strings longer than a cap, so one JSON
 * string cannot grow a request's memory past what its endpoint needs.
 */
public final class JsonBodies {

	private JsonBodies() {
	}

	public static JsonMapper mapper(ObjectProvider<JsonMapperBuilderCustomizer> customizers, int maxStringLength) {
		JsonFactory factory = JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder()
				.maxStringLength(maxStringLength)
				.maxNameLength(Math.min(maxStringLength, StreamReadConstraints.DEFAULT_MAX_NAME_LEN))
				.build())
			.build();
		JsonMapper.Builder builder = JsonMapper.builder(factory);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

}
