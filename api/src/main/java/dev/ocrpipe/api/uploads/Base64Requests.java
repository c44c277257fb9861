package dev.ocrpipe.api.uploads;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageNotReadableException;

import dev.ocrpipe.api.system.ApiProblem;
import dev.ocrpipe.api.system.ProblemCode;
import tools.jackson.core.Base64Variant;
import tools.jackson.core.Base64Variants;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the body of {@code POST /api/v1/jobs:base64} as a token stream and decodes each
 * {@code contentBase64} straight into a spool file, so a document is never one {@code String} (or
 * byte array) in the heap, whatever its size: memory per request is the parser's buffers. Fields
 * may come in any order ({@code filename} after {@code contentBase64} too); unknown fields are
 * skipped. The checks of the request as a whole (sizes, types, names) stay with {@link Uploads}.
 */
final class Base64Requests {

	/** Standard alphabet; padding optional; white space (line breaks of MIME encoders) skipped. */
	private static final Base64Variant BASE64 = Base64Variants.MIME_NO_LINEFEEDS.withPaddingAllowed();

	private static final int MAX_FILENAME_LENGTH = 4096;

	private final JsonMapper json;

	private final long maxFileSize;

	private final int maxFiles;

	/**
	 * @param json a mapper whose parser keeps the short string cap of other bodies (a document is
	 * decoded as binary, never read as a string)
	 */
	Base64Requests(JsonMapper json, UploadProperties properties) {
		this.json = json;
		this.maxFileSize = properties.maxFileSize().toBytes();
		this.maxFiles = properties.maxFiles();
	}

	/**
	 * Reads and decodes the whole request; the caller closes the answer.
	 * @throws ApiProblem {@code VALIDATION_FAILED} for a field of the wrong kind or length,
	 * {@code MALFORMED_REQUEST} for a body that is no JSON object
	 * @throws HttpMessageNotReadableException for JSON the parser refuses, or a body cut off
	 */
	Base64Upload read(HttpInputMessage message) throws IOException {
		Base64Upload upload = new Base64Upload();
		try (InputStream body = message.getBody(); JsonParser parser = this.json.createParser(body)) {
			readRequest(parser, upload);
			return upload;
		}
		catch (StreamReadException | JacksonIOException ex) {
			upload.close();
			throw new HttpMessageNotReadableException("The base64 upload body could not be read", ex, message);
		}
		catch (RuntimeException | IOException ex) {
			upload.close();
			throw ex;
		}
	}

	private void readRequest(JsonParser parser, Base64Upload upload) {
		if (parser.nextToken() != JsonToken.START_OBJECT) {
			throw new ApiProblem(ProblemCode.MALFORMED_REQUEST, "The request body must be a JSON object.");
		}
		String filename = null;
		Decoded content = null;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			parser.nextToken();
			switch (name) {
				case "filename" -> filename = filename(parser, "filename");
				case "contentBase64" -> {
					content = decode(parser, upload, 0, "contentBase64");
					if (content != null) {
						upload.sawSingle();
						if (!content.valid()) {
							// the parser cannot go on from inside a broken string: what is known so far is
							// what the request carries
							upload.add(content.file(filename));
							return;
						}
					}
				}
				case "files" -> {
					if (!readFiles(parser, upload)) {
						return;
					}
				}
				default -> parser.skipChildren();
			}
		}
		if (content != null) {
			upload.files().add(0, content.file(filename));
		}
	}

	/** @return false when a document was not valid base64 and reading stopped there */
	private boolean readFiles(JsonParser parser, Base64Upload upload) {
		if (parser.currentToken() == JsonToken.VALUE_NULL) {
			return true;
		}
		if (parser.currentToken() != JsonToken.START_ARRAY) {
			throw invalid("files", "must be an array");
		}
		upload.sawMultiple();
		int index = 0;
		while (parser.nextToken() != JsonToken.END_ARRAY) {
			String field = "files[" + index + "]";
			if (parser.currentToken() != JsonToken.START_OBJECT) {
				throw invalid(field, (parser.currentToken() == JsonToken.VALUE_NULL) ? "must not be null"
						: "must be an object");
			}
			String filename = null;
			Decoded content = null;
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				parser.nextToken();
				switch (name) {
					case "filename" -> filename = filename(parser, field + ".filename");
					case "contentBase64" -> {
						content = decode(parser, upload, upload.files().size(), field + ".contentBase64");
						if (content != null && !content.valid()) {
							upload.add(content.file(filename));
							return false;
						}
					}
					default -> parser.skipChildren();
				}
			}
			if (content == null) {
				throw invalid(field + ".contentBase64", "must not be null");
			}
			upload.add(content.file(filename));
			index++;
		}
		return true;
	}

	private static String filename(JsonParser parser, String field) {
		JsonToken token = parser.currentToken();
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		if (token != JsonToken.VALUE_STRING) {
			throw invalid(field, "must be a string");
		}
		String value = parser.getString();
		if (value.length() > MAX_FILENAME_LENGTH) {
			throw invalid(field, "size must be between 0 and " + MAX_FILENAME_LENGTH);
		}
		return value;
	}

	/**
	 * Decodes one document into a spool file: the first {@code max-file-size} bytes are kept, the
	 * rest only counted, so that a request with too many or too large documents is refused with
	 * its exact figures after it was read, as a multipart one is.
	 * @param index the document's position in the request
	 * @param field the field's path, for a validation error
	 * @return the decoded document; null for a JSON null
	 */
	private Decoded decode(JsonParser parser, Base64Upload upload, int index, String field) {
		JsonToken token = parser.currentToken();
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		if (token != JsonToken.VALUE_STRING) {
			throw invalid(field, "must be a base64 string");
		}
		Path spool = (index < this.maxFiles) ? upload.spool() : null;
		try (KeptPrefix out = new KeptPrefix(spool, this.maxFileSize)) {
			try {
				parser.readBinaryValue(BASE64, out);
			}
			catch (StreamConstraintsException | JacksonIOException ex) {
				throw ex;
			}
			catch (StreamReadException ex) {
				// Jackson's message names the offending character; it stays in the log of the caller
				return new Decoded(null, out.count(), false);
			}
			return new Decoded(spool, out.count(), true);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the spool file of a base64 upload", ex);
		}
	}

	private static ApiProblem invalid(String field, String message) {
		return new ApiProblem(ProblemCode.VALIDATION_FAILED, "The request has invalid fields.",
				Map.of("errors", List.of(Map.of("field", field, "message", message))));
	}

	/** One decoded document before its name is known (the name may come after the content). */
	private record Decoded(Path spool, long size, boolean valid) {

		Base64IncomingFile file(String filename) {
			return new Base64IncomingFile(filename, this.valid ? this.spool : null, this.size, this.valid);
		}

	}

	/**
	 * Writes the first {@code keep} bytes to a file (none without one) and counts all of them.
	 */
	private static final class KeptPrefix extends OutputStream {

		private final OutputStream file;

		private final long keep;

		private long count;

		KeptPrefix(Path spool, long keep) throws IOException {
			this.file = (spool != null) ? new BufferedOutputStream(Files.newOutputStream(spool), 64 * 1024)
					: OutputStream.nullOutputStream();
			this.keep = keep;
		}

		@Override
		public void write(int b) throws IOException {
			if (this.count < this.keep) {
				this.file.write(b);
			}
			this.count++;
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			long room = this.keep - this.count;
			if (room > 0) {
				this.file.write(bytes, offset, (int) Math.min(room, length));
			}
			this.count += length;
		}

		long count() {
			return this.count;
		}

		@Override
		public void close() throws IOException {
			this.file.close();
		}

	}

}
