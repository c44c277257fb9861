package dev.ocrpipe.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;

import dev.ocrpipe.common.jobs.DocumentType;
import dev.ocrpipe.common.jobs.ErrorCode;

/**
 * Answers requests: plans documents and reads pages. Keeps the most recent PDF open between
 * requests for the same file, so the pages of a long document are not each parsed from the start.
 * Not thread-safe: one process serves one request at a time.
 */
public final class Decoder implements AutoCloseable {

	/** The longest text kept from a page (characters): more than any real page holds. */
	static final int MAX_TEXT_CHARS = 1 << 20;

	private final PrintStream log;

	private Path openFile;

	private Object openStamp;

	private PDDocument open;

	/**
	 * @param log where details of refusals go (the worker copies the child's stderr into its log)
	 */
	public Decoder(PrintStream log) {
		this.log = log;
	}

	public Response handle(Request request) {
		try {
			return switch (request) {
				case Request.Plan plan -> plan(plan);
				case Request.Page page -> page(page);
			};
		}
		catch (Refusal ex) {
			if (ex.getCause() != null) {
				this.log.println("refused " + describe(request) + " with " + ex.code() + ": " + chain(ex.getCause()));
			}
			return new Response.Refused(ex.code(), ex.getMessage());
		}
		catch (IOException | RuntimeException | StackOverflowError ex) {
			closeOpen();
			this.log.println("failed " + describe(request) + ": " + chain(ex));
			return (request instanceof Request.Plan)
					? new Response.Refused(ErrorCode.PDF_CORRUPT, "The document cannot be read: it is damaged or malformed.")
					: new Response.Refused(ErrorCode.RENDER_FAILED, "The page cannot be read or rendered.");
		}
	}

	private Response plan(Request.Plan plan) throws IOException {
		DocumentType actual = sniff(plan.file());
		if (actual != plan.declared()) {
			throw new Refusal(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
					"The stored document is " + actual + ", not " + plan.declared() + ".");
		}
		if (actual != DocumentType.PDF) {
			return new Response.Planned(ImageDocuments.countPages(plan.file(), actual, plan.maxPages()));
		}
		return new Response.Planned(PdfDocuments.countPages(document(plan.file()), plan.maxPages()));
	}

	private Response page(Request.Page request) throws IOException {
		PageLimits limits = request.limits();
		int number = request.page();
		if (request.type() != DocumentType.PDF) {
			return raster(PageRenderer.read(request.file(), request.type(), number, limits), "");
		}
		PDDocument document = document(request.file());
		PDPage page = PdfDocuments.page(document, number);
		// images up to 4× the render cap are fine (they are scaled down when drawn)
		PageInspection.check(page, number, limits.maxContentBytes(), limits.maxPixels() * 4);
		TextLayer.Verdict verdict;
		try {
			verdict = TextLayer.judge(document, page, number, limits.textLayerMinChars());
		}
		catch (IOException | RuntimeException | StackOverflowError ex) {
			throw new Refusal(ErrorCode.PDF_CORRUPT, "Page " + number + " cannot be read: it is damaged or malformed.",
					ex);
		}
		if (verdict.good()) {
			return new Response.TextPage(capped(verdict.text()));
		}
		return raster(PageRenderer.render(document, page, number, limits), capped(verdict.text()));
	}

	private static Response raster(PageRenderer.Gray gray, String textLayer) {
		return new Response.Raster(gray.width(), gray.height(), gray.dpi(), gray.ink(), textLayer, gray.pixels());
	}

	/** The open PDF for this file, opened now unless it is the one opened last (same file, unchanged). */
	private PDDocument document(Path file) throws IOException {
		BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
		Object stamp = attributes.fileKey() + "/" + attributes.size() + "/" + attributes.lastModifiedTime();
		if (this.open != null && file.equals(this.openFile) && stamp.equals(this.openStamp)) {
			return this.open;
		}
		closeOpen();
		this.open = PdfDocuments.open(file);
		this.openFile = file;
		this.openStamp = stamp;
		return this.open;
	}

	private static DocumentType sniff(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			return DocumentType.sniff(in.readNBytes(DocumentType.SNIFF_LENGTH))
				.orElseThrow(() -> new Refusal(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
						"The document is not a PDF, PNG, JPEG or TIFF."));
		}
		catch (IOException ex) {
			throw new Refusal(ErrorCode.UPLOAD_MISSING, "The stored document cannot be read.", ex);
		}
	}

	private static String capped(String text) {
		return (text.length() <= MAX_TEXT_CHARS) ? text : text.substring(0, MAX_TEXT_CHARS);
	}

	private static String describe(Request request) {
		return switch (request) {
			case Request.Plan plan -> "planning " + plan.file().getFileName();
			case Request.Page page -> "page " + page.page() + " of " + page.file().getFileName();
		};
	}

	/** The exception chain in one line: class and message of each cause. */
	static String chain(Throwable failure) {
		StringBuilder text = new StringBuilder();
		for (Throwable t = failure; t != null && text.length() < 2000; t = t.getCause()) {
			if (!text.isEmpty()) {
				text.append(" <- ");
			}
			text.append((t instanceof StackOverflowError) ? "StackOverflowError (structure nested too deeply)"
					: t.toString());
		}
		return text.toString().replace('\n', ' ');
	}

	private void closeOpen() {
		if (this.open != null) {
			try {
				this.open.close();
			}
			catch (IOException | RuntimeException ex) {
				// a document we are done with; nothing to do about a failed close
			}
			this.open = null;
			this.openFile = null;
			this.openStamp = null;
		}
	}

	@Override
	public void close() {
		closeOpen();
	}

}
