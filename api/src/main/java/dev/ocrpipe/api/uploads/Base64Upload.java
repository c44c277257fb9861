package dev.ocrpipe.api.uploads;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The documents of one {@code POST /api/v1/jobs:base64} request, decoded into spool files that
 * live as long as the request: closing it removes them.
 */
final class Base64Upload implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(Base64Upload.class);

	private final List<Path> spools = new ArrayList<>();

	private final List<Base64IncomingFile> files = new ArrayList<>();

	private boolean single;

	private boolean multiple;

	/** A new spool file, removed with this upload. */
	Path spool() {
		try {
			Path spool = Files.createTempFile("ocr-base64-", ".upload");
			this.spools.add(spool);
			return spool;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create a spool file for a base64 upload", ex);
		}
	}

	void add(Base64IncomingFile file) {
		this.files.add(file);
	}

	void sawSingle() {
		this.single = true;
	}

	void sawMultiple() {
		this.multiple = true;
	}

	List<Base64IncomingFile> files() {
		return this.files;
	}

	/** Whether the request sent both {@code contentBase64} and {@code files}. */
	boolean mixed() {
		return this.single && this.multiple;
	}

	@Override
	public void close() {
		for (Path spool : this.spools) {
			try {
				Files.deleteIfExists(spool);
			}
			catch (IOException ex) {
				log.warn("Could not remove the spool file {} of a base64 upload: {}", spool, ex.toString());
			}
		}
	}

}
