package dev.ocrpipe.api.system;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;

import tools.jackson.databind.json.JsonMapper;

/**
 * Reads JSON request bodies with a mapper of its own (see {@link JsonBodies}) and writes
 * nothing: it is added ahead of the standard converters, so responses, and {@code String} bodies,
 * stay with Boot's converters and its configured mapper.
 */
public class JsonBodyReader extends JacksonJsonHttpMessageConverter {

	public JsonBodyReader(JsonMapper mapper) {
		super(mapper);
	}

	@Override
	public boolean canRead(ResolvableType type, @Nullable MediaType mediaType) {
		return type.toClass() != String.class && super.canRead(type, mediaType);
	}

	@Override
	public boolean canWrite(ResolvableType type, Class<?> valueClass, @Nullable MediaType mediaType) {
		return false;
	}

}
