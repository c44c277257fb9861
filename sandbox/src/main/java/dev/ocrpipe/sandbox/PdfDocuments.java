package dev.ocrpipe.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;

import dev.ocrpipe.common.jobs.ErrorCode;

/**
 * Opens PDFs defensively. Loads from a file with a temp-file stream cache (never the heap), counts
 * pages by walking the page tree (a document's {@code /Count} may lie), and turns PDFBox's failures,
 * Errors included, into refusals.
 */
final class PdfDocuments {

	private PdfDocuments() {
	}

	/**
	 * Opens a PDF. A PDF with only an owner password (permissions) opens with the empty user
	 * password like in any viewer; one that needs a user password is refused with
	 * {@code PDF_ENCRYPTED}.
	 */
	static PDDocument open(Path file) {
		try {
			return Loader.loadPDF(new RandomAccessReadBufferedFile(file.toFile()), "", null, null,
					IOUtils.createTempFileOnlyStreamCache());
		}
		catch (InvalidPasswordException ex) {
			throw new Refusal(ErrorCode.PDF_ENCRYPTED, "The PDF is encrypted with a password.");
		}
		catch (IOException | StackOverflowError | RuntimeException ex) {
			throw new Refusal(ErrorCode.PDF_CORRUPT, "The PDF cannot be read: it is damaged or malformed.", ex);
		}
	}

	/**
	 * Counts pages by walking the page tree, stopping after {@code limit + 1}.
	 */
	static int countPages(PDDocument document, int limit) {
		int count = 0;
		try {
			for (Iterator<PDPage> pages = document.getPages().iterator(); pages.hasNext() && count <= limit;) {
				pages.next();
				count++;
			}
		}
		catch (StackOverflowError | RuntimeException ex) {
			throw new Refusal(ErrorCode.PDF_CORRUPT, "The PDF's page tree is malformed.", ex);
		}
		return count;
	}

	/**
	 * The page with the given number (from 1), found by walking the page tree.
	 */
	static PDPage page(PDDocument document, int number) {
		int index = 0;
		try {
			for (PDPage page : document.getPages()) {
				if (++index == number) {
					return page;
				}
			}
		}
		catch (StackOverflowError | RuntimeException ex) {
			throw new Refusal(ErrorCode.PDF_CORRUPT, "The PDF's page tree is malformed.", ex);
		}
		throw new Refusal(ErrorCode.PDF_CORRUPT, "The PDF has no page " + number + ".");
	}

}
