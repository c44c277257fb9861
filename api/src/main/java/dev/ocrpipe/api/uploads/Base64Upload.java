package dev.ocrpipe.api.uploads;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The documents of one {@code POST /api/v1/jobs:base64} request, decoded into spool files that
 * live as long as the request: closing it removes them.
 */
final class Base64Upload implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(Base64Upload.class);

	private static final String PREFIX = "ocr-base64-";

	private static final String SUFFIX = ".upload";

	private static final Pattern SPOOL = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-.*" + Pattern.quote(SUFFIX));

	private final List<Path> spools = new ArrayList<>();

	private final List<Base64IncomingFile> files = new ArrayList<>();

	private boolean single;

	private boolean multiple;

	/** A new spool file, removed with this upload. */
	Path spool() {
		try {
			Path spool = Files.createTempFile(PREFIX + ProcessHandle.current().pid() + "-", SUFFIX);
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

	/**
	 * Removes the spool files an API process that is gone left behind (a crash mid-upload): those
	 * whose process id names no live process, or names this one, which at startup has none yet (in a
	 * container every start may be pid 1).
	 * @return how many were removed
	 */
	static int removeLeftovers(Path directory) {
		long self = ProcessHandle.current().pid();
		int removed = 0;
		try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX)) {
			for (Path file : files) {
				Matcher name = SPOOL.matcher(file.getFileName().toString());
				if (!name.matches()) {
					continue;
				}
				long pid = Long.parseLong(name.group(1));
				if (pid == self || !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
					removed += Files.deleteIfExists(file) ? 1 : 0;
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			log.warn("Could not remove leftover base64 spool files in {}: {}", directory, ex.toString());
		}
		if (removed > 0) {
			log.info("Removed {} spool files of base64 uploads left by API processes that are gone", removed);
		}
		return removed;
	}

}
