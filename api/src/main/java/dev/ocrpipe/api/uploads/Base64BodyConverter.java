package dev.ocrpipe.api.uploads;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;
import org.springframework.http.MediaType;

import dev.ocrpipe.api.system.JsonBodyReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the body of the base64 upload, whose document is one legitimately long JSON string: its
 * parser allows strings up to the base64 body cap, while every other JSON body keeps the short
 * {@code ocr.api.request-limits.max-json-string-length}.
 */
class Base64BodyConverter extends JsonBodyReader {

	Base64BodyConverter(JsonMapper mapper) {
		super(mapper);
	}

	@Override
	public boolean canRead(ResolvableType type, @Nullable MediaType mediaType) {
		return type.toClass() == Base64UploadRequest.class && super.canRead(type, mediaType);
	}

}
