package dev.ocrpipe.api.uploads;

import java.io.InputStream;

/**
 * A document sent as base64 in JSON; it declares no content type, only a file name.
 */
record Base64IncomingFile(String originalName, Base64Content content) implements IncomingFile {

	@Override
	public String declaredType() {
		return null;
	}

	@Override
	public boolean decodable() {
		return this.content.valid();
	}

	@Override
	public long size() {
		return this.content.decodedSize();
	}

	@Override
	public InputStream open() {
		return this.content.open();
	}

}
