package dev.ocrpipe.api.uploads;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A document sent as base64 in JSON, already decoded into a spool file while the request was
 * read; it declares no content type, only a file name.
 *
 * @param originalName the name the client gave, or null
 * @param spool the decoded bytes (the first {@code max-file-size} of them), or null when nothing
 * was kept (the document was not valid base64, or was one more than a request may carry)
 * @param size the exact decoded size, counted to the end even past what was kept
 * @param decodable whether the content was valid base64
 */
record Base64IncomingFile(String originalName, Path spool, long size, boolean decodable) implements IncomingFile {

	@Override
	public String declaredType() {
		return null;
	}

	@Override
	public InputStream open() throws IOException {
		if (this.spool == null) {
			return InputStream.nullInputStream();
		}
		return Files.newInputStream(this.spool);
	}

}
