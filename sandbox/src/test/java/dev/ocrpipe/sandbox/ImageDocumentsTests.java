package dev.ocrpipe.sandbox;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ocrpipe.common.jobs.DocumentType;
import dev.ocrpipe.testkit.HostileDocuments;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Image decoding is bounded by decoded bytes, not only pixels: a 16-bit RGBA image counts 8 bytes
 * per pixel, and is subsampled until it fits.
 */
class ImageDocumentsTests {

	private static final long MAX_PIXELS = 40_000_000;

	private static final long MAX_BYTES = 64L << 20;

	@TempDir
	Path dir;

	@Test
	void aSixteenBitRgbaPngWithinThePixelCapIsSubsampledToFitTheByteBudget() throws IOException {
		Path png = Files.write(this.dir.resolve("rgba16.png"), HostileDocuments.png16BitRgba(8000, 5000));
		BufferedImage image = ImageDocuments.read(png, DocumentType.PNG, 1, MAX_PIXELS, MAX_BYTES, MAX_PIXELS * 16);
		long decodedBytes = (long) image.getWidth() * image.getHeight() * image.getColorModel().getPixelSize() / 8;
		assertThat(image.getColorModel().getPixelSize()).isEqualTo(64);
		assertThat(decodedBytes).isLessThanOrEqualTo(MAX_BYTES);
		assertThat(image.getWidth()).isGreaterThan(1000);
	}

	@Test
	void aSixteenBitTiffIsSubsampledToFitTheByteBudget() throws IOException {
		Path tiff = Files.write(this.dir.resolve("rgb16.tif"), HostileDocuments.tiff16Bit(8000, 5000));
		BufferedImage image = ImageDocuments.read(tiff, DocumentType.TIFF, 1, MAX_PIXELS, MAX_BYTES, MAX_PIXELS * 16);
		assertThat((long) image.getWidth() * image.getHeight() * 6).isLessThanOrEqualTo(MAX_BYTES);
	}

	@Test
	void theStepFitsBothCaps() {
		// 40 MP of 64 bits: 320 MB, five times the budget: every third pixel in both directions
		assertThat(ImageDocuments.step(8000, 5000, 64, MAX_PIXELS, MAX_BYTES)).isEqualTo(3);
		// 8-bit gray within both caps: read as is
		assertThat(ImageDocuments.step(4000, 4000, 8, MAX_PIXELS, MAX_BYTES)).isEqualTo(1);
		// 1-bit images count an eighth of a byte per pixel, and the pixel cap still holds
		assertThat(ImageDocuments.step(20000, 20000, 1, MAX_PIXELS, MAX_BYTES)).isEqualTo(4);
	}

}
