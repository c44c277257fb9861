package dev.ocrpipe.worker.pages;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Path;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

import dev.ocrpipe.common.jobs.DocumentType;
import dev.ocrpipe.common.jobs.ErrorCode;
import dev.ocrpipe.worker.documents.DocumentUnavailable;
import dev.ocrpipe.worker.documents.ImageDocuments;
import dev.ocrpipe.worker.ocr.PageImage;

/**
 * Turns a page into an 8-bit grayscale image for OCR. The pixel cap is checked from the page's
 * size before anything is rendered: an oversized page is rendered at a lower resolution, down to
 * {@code minDpi}, and refused below that.
 */
final class PageRenderer {

	/** Resolution assumed for images, which carry no reliable one. */
	static final int IMAGE_DPI = 300;

	private final PageProperties properties;

	PageRenderer(PageProperties properties) {
		this.properties = properties;
	}

	PageImage render(PDDocument document, PDPage page, int number) {
		PDRectangle box = page.getCropBox();
		double userUnit = page.getUserUnit();
		double widthInches = Math.abs(box.getWidth()) * userUnit / 72;
		double heightInches = Math.abs(box.getHeight()) * userUnit / 72;
		int dpi = this.properties.dpi();
		double pixels = widthInches * dpi * heightInches * dpi;
		if (pixels > this.properties.maxPixels()) {
			dpi = (int) Math.floor(dpi * Math.sqrt(this.properties.maxPixels() / pixels));
			if (dpi < this.properties.minDpi()) {
				throw new DocumentUnavailable(ErrorCode.PAGE_TOO_LARGE,
						String.format("page %d is %.0f × %.0f in; at %d DPI it would exceed %d pixels", number,
								widthInches, heightInches, this.properties.minDpi(), this.properties.maxPixels()));
			}
		}
		try {
			BufferedImage image = new PDFRenderer(document).renderImageWithDPI(number - 1, dpi, ImageType.GRAY);
			return new PageImage(image, dpi, ink(image));
		}
		catch (IOException | RuntimeException ex) {
			throw new DocumentUnavailable(ErrorCode.RENDER_FAILED, "page " + number + " cannot be rendered: " + ex, ex);
		}
		catch (OutOfMemoryError | StackOverflowError ex) {
			throw new DocumentUnavailable(ErrorCode.RENDER_FAILED,
					"page " + number + " is too complex to render: " + ex.getClass().getSimpleName(), ex);
		}
	}

	PageImage read(Path file, DocumentType type, int number) {
		long cap = this.properties.maxPixels();
		BufferedImage decoded = ImageDocuments.read(file, type, number, cap, cap * 16);
		BufferedImage gray = toGray(decoded);
		return new PageImage(gray, IMAGE_DPI, ink(gray));
	}

	/** Flattens onto white (transparent PNGs) and converts to 8-bit gray. */
	static BufferedImage toGray(BufferedImage source) {
		if (source.getType() == BufferedImage.TYPE_BYTE_GRAY) {
			return source;
		}
		BufferedImage gray = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
		Graphics2D graphics = gray.createGraphics();
		try {
			graphics.setColor(Color.WHITE);
			graphics.fillRect(0, 0, gray.getWidth(), gray.getHeight());
			graphics.drawImage(source, 0, 0, null);
		}
		finally {
			graphics.dispose();
		}
		return gray;
	}

	/** Fraction of dark pixels, sampled on a grid. */
	static double ink(BufferedImage gray) {
		int step = Math.max(1, Math.min(gray.getWidth(), gray.getHeight()) / 400);
		long dark = 0;
		long seen = 0;
		byte[] data = (gray.getRaster().getDataBuffer() instanceof DataBufferByte bytes) ? bytes.getData() : null;
		for (int y = 0; y < gray.getHeight(); y += step) {
			for (int x = 0; x < gray.getWidth(); x += step) {
				int value = (data != null) ? data[y * gray.getWidth() + x] & 0xFF : gray.getRaster().getSample(x, y, 0);
				if (value < 128) {
					dark++;
				}
				seen++;
			}
		}
		return (seen == 0) ? 0 : (double) dark / seen;
	}

}
