package dev.ocrpipe.api.uploads;

import java.io.IOException;
import java.io.InputStream;

/**
 * One document of an upload request, however it arrived (multipart part or base64 JSON), read as
 * a stream so it never has to sit whole in memory.
 */
interface IncomingFile {

	/** The name the client gave, unsanitised; may be null. */
	String originalName();

	/** The content type the client declared; null when none. */
	String declaredType();

	/** The exact size of the decoded content in bytes. */
	long size();

	/** Whether the content can be decoded at all (a base64 text may be malformed). */
	default boolean decodable() {
		return true;
	}

	/** A fresh stream over the content, from its first byte. */
	InputStream open() throws IOException;

}
