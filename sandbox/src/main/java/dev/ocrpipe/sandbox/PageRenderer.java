package dev.ocrpipe.sandbox;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
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

/**
 * Turns a page into 8-bit gray pixels for OCR. The pixel cap is checked from the page's size before
 * anything is rendered: an oversized page is rendered at a lower resolution, down to
 * {@code minDpi}, and refused below that.
 */
final class PageRenderer {

	/** Resolution assumed for images, which carry no reliable one. */
	static final int IMAGE_DPI = 300;

	private PageRenderer() {
	}

	/** A rendered page: gray pixels, row by row, {@code width × height} of them. */
	record Gray(int width, int height, int dpi, double ink, byte[] pixels) {
	}

	static Gray render(PDDocument document, PDPage page, int number, PageLimits limits) {
		PDRectangle box = page.getCropBox();
		double userUnit = page.getUserUnit();
		double widthInches = Math.abs(box.getWidth()) * userUnit / 72;
		double heightInches = Math.abs(box.getHeight()) * userUnit / 72;
		int dpi = limits.dpi();
		double pixels = widthInches * dpi * heightInches * dpi;
		if (pixels > limits.maxPixels()) {
			dpi = (int) Math.floor(dpi * Math.sqrt(limits.maxPixels() / pixels));
			if (dpi < limits.minDpi()) {
				throw new Refusal(ErrorCode.PAGE_TOO_LARGE, String.format(
						"Page %d is %.0f × %.0f in: too large to render at %d DPI.", number, widthInches,
						heightInches, limits.minDpi()));
			}
		}
		try {
			BufferedImage image = new PDFRenderer(document).renderImageWithDPI(number - 1, dpi, ImageType.GRAY);
			return gray(toGray(image), dpi);
		}
		catch (IOException | RuntimeException | StackOverflowError ex) {
			throw new Refusal(ErrorCode.RENDER_FAILED, "Page " + number + " cannot be rendered.", ex);
		}
	}

	static Gray read(Path file, DocumentType type, int number, PageLimits limits) {
		long cap = limits.maxPixels();
		BufferedImage decoded = ImageDocuments.read(file, type, number, cap, limits.maxImageBytes(),
				cap * PageLimits.HARD_LIMIT_FACTOR);
		return gray(toGray(decoded), IMAGE_DPI);
	}

	private static Gray gray(BufferedImage gray, int dpi) {
		return new Gray(gray.getWidth(), gray.getHeight(), dpi, ink(gray), pixels(gray));
	}

	/** The pixels row by row, without a copy when the image's buffer is laid out that way already. */
	static byte[] pixels(BufferedImage gray) {
		int width = gray.getWidth();
		int height = gray.getHeight();
		if (gray.getRaster().getDataBuffer() instanceof DataBufferByte buffer
				&& gray.getSampleModel() instanceof ComponentSampleModel model && model.getScanlineStride() == width
				&& model.getPixelStride() == 1 && buffer.getOffset() == 0 && gray.getRaster().getParent() == null
				&& buffer.getData().length == width * height) {
			return buffer.getData();
		}
		return (byte[]) gray.getRaster().getDataElements(0, 0, width, height, new byte[width * height]);
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
