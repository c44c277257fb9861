package dev.ocrpipe.worker.planning;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.springframework.stereotype.Component;

import dev.ocrpipe.common.jobs.DocumentType;
import dev.ocrpipe.common.jobs.ErrorCode;
import dev.ocrpipe.worker.documents.DocumentUnavailable;
import dev.ocrpipe.worker.documents.ImageDocuments;
import dev.ocrpipe.worker.documents.PdfDocuments;

/**
 * Checks a document before it is planned: its bytes are the type the API recorded, it opens, it is
 * not locked, and its real page count (counted, not read from {@code /Count}) is within limits.
 */
@Component
class Preflight {

	private final PlanningProperties properties;

	Preflight(PlanningProperties properties) {
		this.properties = properties;
	}

	/**
	 * @return the number of pages
	 * @throws DocumentUnavailable with the reason the document cannot be processed
	 */
	int pages(Path file, DocumentType declared) {
		DocumentType actual = sniff(file);
		if (actual != declared) {
			throw new DocumentUnavailable(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
					"the stored document is " + actual + ", not " + declared);
		}
		int limit = this.properties.maxPages();
		int pages;
		if (actual == DocumentType.PDF) {
			try (PDDocument document = PdfDocuments.open(file)) {
				pages = PdfDocuments.countPages(document, limit);
			}
			catch (IOException ex) {
				throw new DocumentUnavailable(ErrorCode.PDF_CORRUPT, "the PDF cannot be closed: " + ex.getMessage(), ex);
			}
		}
		else {
			pages = ImageDocuments.countPages(file, actual, limit);
		}
		if (pages == 0) {
			throw new DocumentUnavailable(ErrorCode.DOCUMENT_EMPTY, "the document has no pages");
		}
		if (pages > limit) {
			throw new DocumentUnavailable(ErrorCode.PDF_TOO_MANY_PAGES,
					"the document has more than " + limit + " pages");
		}
		return pages;
	}

	private static DocumentType sniff(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			return DocumentType.sniff(in.readNBytes(DocumentType.SNIFF_LENGTH))
				.orElseThrow(() -> new DocumentUnavailable(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
						"the document is not a PDF, PNG, JPEG or TIFF"));
		}
		catch (IOException ex) {
			throw new DocumentUnavailable(ErrorCode.UPLOAD_MISSING, "the local copy cannot be read", ex);
		}
	}

}
