package dev.ocrpipe.worker.documents;

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
 * Errors included, into error codes.
 */
public final class PdfDocuments {

	private PdfDocuments() {
	}

	/**
	 * Opens a PDF. A PDF with only an owner password (permissions) opens with the empty user
	 * password like in any viewer; one that needs a user password fails with {@code PDF_ENCRYPTED}.
	 */
	public static PDDocument open(Path file) {
		try {
			return Loader.loadPDF(new RandomAccessReadBufferedFile(file.toFile()), "", null, null,
					IOUtils.createTempFileOnlyStreamCache());
		}
		catch (InvalidPasswordException ex) {
			throw new DocumentUnavailable(ErrorCode.PDF_ENCRYPTED, "the PDF is encrypted with a password");
		}
		catch (IOException ex) {
			throw new DocumentUnavailable(ErrorCode.PDF_CORRUPT, "the PDF cannot be read: " + ex.getMessage(), ex);
		}
		catch (StackOverflowError | RuntimeException ex) {
			throw new DocumentUnavailable(ErrorCode.PDF_CORRUPT, "the PDF is malformed: " + describe(ex), ex);
		}
	}

	/**
	 * Counts pages by walking the page tree, stopping after {@code limit + 1}.
	 */
	public static int countPages(PDDocument document, int limit) {
		int count = 0;
		try {
			for (Iterator<PDPage> pages = document.getPages().iterator(); pages.hasNext() && count <= limit;) {
				pages.next();
				count++;
			}
		}
		catch (StackOverflowError | RuntimeException ex) {
			throw new DocumentUnavailable(ErrorCode.PDF_CORRUPT, "the page tree is malformed: " + describe(ex), ex);
		}
		return count;
	}

	/**
	 * The page with the given number (from 1), found by walking the page tree.
	 */
	public static PDPage page(PDDocument document, int number) {
		int index = 0;
		try {
			for (PDPage page : document.getPages()) {
				if (++index == number) {
					return page;
				}
			}
		}
		catch (StackOverflowError | RuntimeException ex) {
			throw new DocumentUnavailable(ErrorCode.PDF_CORRUPT, "the page tree is malformed: " + describe(ex), ex);
		}
		throw new DocumentUnavailable(ErrorCode.PDF_CORRUPT, "the PDF has no page " + number);
	}

	static String describe(Throwable failure) {
		return (failure instanceof StackOverflowError) ? "structure nested too deeply"
				: failure.getClass().getSimpleName() + ((failure.getMessage() != null) ? ": " + failure.getMessage() : "");
	}

}
