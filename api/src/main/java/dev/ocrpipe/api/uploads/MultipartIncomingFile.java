package dev.ocrpipe.api.uploads;

import java.io.IOException;
import java.io.InputStream;

import org.springframework.web.multipart.MultipartFile;

/**
 * A multipart part; the container has already spooled large parts to disk, so reading it twice
 * (sniff, then store) costs no memory.
 */
record MultipartIncomingFile(MultipartFile part) implements IncomingFile {

	@Override
	public String originalName() {
		return this.part.getOriginalFilename();
	}

	@Override
	public String declaredType() {
		return this.part.getContentType();
	}

	@Override
	public long size() {
		return this.part.getSize();
	}

	@Override
	public InputStream open() throws IOException {
		return this.part.getInputStream();
	}

}
