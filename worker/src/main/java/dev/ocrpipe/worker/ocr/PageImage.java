package dev.ocrpipe.worker.ocr;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/**
 * A rendered page ready for OCR: an 8-bit grayscale image at a known resolution, and how much of
 * it is ink (so an empty OCR answer on an inked page is caught, not taken as a blank page).
 *
 * @param image the grayscale image
 * @param dpi the resolution it was rendered at
 * @param ink fraction of pixels that are dark, 0 to 1
 */
public record PageImage(BufferedImage image, int dpi, double ink) {

	/** Below this fraction of dark pixels a page counts as blank. */
	public static final double BLANK_INK = 0.001;

	public boolean hasInk() {
		return this.ink >= BLANK_INK;
	}

	/** The image as PNG bytes, lossless for text. */
	public byte[] png() {
		ByteArrayOutputStream out = new ByteArrayOutputStream(this.image.getWidth() * this.image.getHeight() / 8);
		try {
			ImageIO.write(this.image, "png", out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

}
