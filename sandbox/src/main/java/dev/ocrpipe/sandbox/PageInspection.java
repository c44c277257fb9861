package dev.ocrpipe.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.zip.InflaterInputStream;

import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

import dev.ocrpipe.common.jobs.ErrorCode;

/**
 * Looks at a PDF page before anything expensive happens to it: its content streams must decode to
 * a bounded size (an inflate bomb fails here after at most {@code maxContentBytes}, not after a
 * gigabyte), and no image it draws may declare more pixels than the cap allows (PDFBox would render
 * such an image blank, silently, and the page would look empty).
 */
final class PageInspection {

	/** Form XObjects nest; looking this deep catches what real documents do. */
	private static final int MAX_FORM_DEPTH = 3;

	private PageInspection() {
	}

	static void check(PDPage page, int number, long maxContentBytes, long maxImagePixels) {
		try {
			long total = 0;
			byte[] buffer = new byte[64 * 1024];
			for (Iterator<PDStream> streams = page.getContentStreams(); streams.hasNext();) {
				try (InputStream in = decoded(streams.next())) {
					for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
						total += n;
						if (total > maxContentBytes) {
							throw new Refusal(ErrorCode.PAGE_TOO_COMPLEX,
									"Page " + number + " has content that is too large once decompressed.");
						}
					}
				}
			}
			checkImages(page.getResources(), number, maxImagePixels, 0);
		}
		catch (IOException ex) {
			throw new Refusal(ErrorCode.PDF_CORRUPT, "Page " + number + " cannot be read: it is damaged or malformed.",
					ex);
		}
	}

	/**
	 * The stream's decoded bytes, as a stream. Flate (nearly every content stream, and every bomb
	 * seen in practice) is inflated here, lazily, so counting stops at the limit; PDFBox's own
	 * decoding would first inflate the whole stream into its cache. Other filters go through PDFBox.
	 */
	private static InputStream decoded(PDStream stream) throws IOException {
		COSStream cos = stream.getCOSObject();
		List<COSName> filters = stream.getFilters();
		if (filters.isEmpty()) {
			return cos.createRawInputStream();
		}
		if (filters.size() == 1 && (COSName.FLATE_DECODE.equals(filters.get(0)) || COSName.FLATE_DECODE_ABBREVIATION
			.equals(filters.get(0))) && cos.getDictionaryObject(COSName.DECODE_PARMS, COSName.DP) == null) {
			return new InflaterInputStream(cos.createRawInputStream());
		}
		return stream.createInputStream();
	}

	private static void checkImages(PDResources resources, int number, long maxImagePixels, int depth)
			throws IOException {
		if (resources == null || depth > MAX_FORM_DEPTH) {
			return;
		}
		for (COSName name : resources.getXObjectNames()) {
			PDXObject xobject = resources.getXObject(name);
			if (xobject instanceof PDImageXObject image) {
				long pixels = (long) image.getWidth() * image.getHeight();
				if (pixels > maxImagePixels || image.getWidth() <= 0 || image.getHeight() <= 0) {
					throw new Refusal(ErrorCode.PAGE_TOO_LARGE, "Page " + number + " draws an image of "
							+ image.getWidth() + "×" + image.getHeight() + " pixels, more than the limit.");
				}
			}
			else if (xobject instanceof PDFormXObject form) {
				checkImages(form.getResources(), number, maxImagePixels, depth + 1);
			}
		}
	}

}
