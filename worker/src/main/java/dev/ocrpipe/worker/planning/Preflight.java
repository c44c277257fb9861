package dev.ocrpipe.worker.planning;

import java.nio.file.Path;

import org.springframework.stereotype.Component;

import dev.ocrpipe.common.jobs.DocumentType;
import dev.ocrpipe.common.jobs.ErrorCode;
import dev.ocrpipe.worker.documents.DocumentUnavailable;
import dev.ocrpipe.worker.sandbox.Sandboxes;

/**
 * Checks a document before it is planned: its bytes are the type the API recorded, it opens, it is
 * not locked, and its real page count (counted, not read from {@code /Count}) is within limits. The
 * document is read in a sandbox process, never in this JVM.
 */
@Component
class Preflight {

	private final PlanningProperties properties;

	private final Sandboxes sandboxes;

	Preflight(PlanningProperties properties, Sandboxes sandboxes) {
		this.properties = properties;
		this.sandboxes = sandboxes;
	}

	/**
	 * @return the number of pages
	 * @throws DocumentUnavailable with the reason the document cannot be processed
	 */
	int pages(Path file, DocumentType declared) {
		int limit = this.properties.maxPages();
		int pages = this.sandboxes.plan(file, declared, limit);
		if (pages == 0) {
			throw new DocumentUnavailable(ErrorCode.DOCUMENT_EMPTY, "The document has no pages.");
		}
		if (pages > limit) {
			throw new DocumentUnavailable(ErrorCode.PDF_TOO_MANY_PAGES,
					"The document has more than " + limit + " pages.");
		}
		return pages;
	}

}
