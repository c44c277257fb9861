package dev.ocrpipe.sandbox;

import java.nio.file.Path;

import dev.ocrpipe.common.jobs.DocumentType;

/**
 * What the worker asks a sandbox process. Documents are named by the path of the worker's local
 * copy, never sent as bytes.
 */
public sealed interface Request {

	/** The local copy of the document. */
	Path file();

	/**
	 * Check a document and count its pages: its bytes must be the declared type, it must open, and
	 * the page tree is walked (at most {@code maxPages + 1} pages).
	 */
	record Plan(Path file, DocumentType declared, int maxPages) implements Request {
	}

	/** Read one page (from 1): its text layer when that is good, else its pixels. */
	record Page(Path file, DocumentType type, int page, PageLimits limits) implements Request {
	}

}
