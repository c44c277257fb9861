package dev.ocrpipe.sandbox;

import java.awt.image.BufferedImage;
import java.awt.image.SampleModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

import dev.ocrpipe.common.jobs.DocumentType;
import dev.ocrpipe.common.jobs.ErrorCode;

/**
 * Reads PNG, JPEG and TIFF files (a multi-page TIFF is a document of many pages) without trusting
 * them: dimensions and sample sizes come from headers before any pixel is decoded, and an image
 * that would decode to more bytes or pixels than allowed is decoded subsampled, or refused when
 * even that would be unreasonable.
 */
final class ImageDocuments {

	/** More pixels per byte of file than any real image compresses to. */
	static final long MAX_PIXELS_PER_BYTE = 20_000;

	private ImageDocuments() {
	}

	/**
	 * How many pages (images) a file holds, stopping after {@code limit + 1}.
	 */
	static int countPages(Path file, DocumentType type, int limit) {
		if (type != DocumentType.TIFF) {
			return withReader(file, type, (reader) -> {
				reader.getWidth(0);
				return 1;
			});
		}
		return withReader(file, type, (reader) -> {
			int count = 0;
			try {
				while (count <= limit) {
					reader.getWidth(count);
					count++;
				}
			}
			catch (IndexOutOfBoundsException ex) {
				// past the last image
			}
			return count;
		});
	}

	/**
	 * Decodes one page, subsampled so that what is decoded holds at most {@code maxPixels} pixels
	 * and {@code maxBytes} bytes.
	 * @param hardLimit headers claiming more pixels than this are refused outright
	 */
	static BufferedImage read(Path file, DocumentType type, int page, long maxPixels, long maxBytes, long hardLimit) {
		return withReader(file, type, (reader) -> {
			int index = page - 1;
			long width = reader.getWidth(index);
			long height = reader.getHeight(index);
			long pixels = width * height;
			if (pixels > hardLimit || width <= 0 || height <= 0) {
				throw new Refusal(ErrorCode.PAGE_TOO_LARGE,
						"Image " + page + " declares " + width + "×" + height + " pixels, more than the limit.");
			}
			// even a blank 1-bit image needs about a byte per 8,000 pixels once compressed: a file
			// declaring far more pixels than its bytes can hold is truncated or forged, and decoders
			// fill the missing part with a flat colour that would pass for an empty page
			long bytes = Files.size(file);
			if (pixels > bytes * MAX_PIXELS_PER_BYTE) {
				throw new Refusal(ErrorCode.IMAGE_CORRUPT, "Image " + page + " declares " + width + "×" + height
						+ " pixels, more than its file can hold: it is truncated or forged.");
			}
			int bits = bitsPerPixel(reader, index);
			int step = step(width, height, bits, maxPixels, maxBytes);
			ImageReadParam param = reader.getDefaultReadParam();
			if (step > 1) {
				param.setSourceSubsampling(step, step, 0, 0);
			}
			return reader.read(index, param);
		});
	}

	/**
	 * The smallest subsampling step at which a {@code width × height} image of {@code bits} bits per
	 * pixel decodes to at most {@code maxPixels} pixels and {@code maxBytes} bytes.
	 */
	static int step(long width, long height, int bits, long maxPixels, long maxBytes) {
		double over = Math.max((double) width * height / maxPixels, (double) width * height * bits / 8 / maxBytes);
		int step = Math.max(1, (int) Math.ceil(Math.sqrt(over)));
		while (decoded(width, step) * decoded(height, step) > maxPixels
				|| decoded(width, step) * decoded(height, step) * bits / 8 > maxBytes) {
			step++;
		}
		return step;
	}

	private static long decoded(long size, int step) {
		return (size + step - 1) / step;
	}

	/**
	 * Bits per pixel of what the reader will decode to (all bands, e.g. 64 for 16-bit RGBA), from
	 * the image's raw type, else its first destination type; unknown counts as 64, the most any of
	 * our formats has.
	 */
	static int bitsPerPixel(ImageReader reader, int index) throws IOException {
		ImageTypeSpecifier type = reader.getRawImageType(index);
		if (type == null) {
			Iterator<ImageTypeSpecifier> types = reader.getImageTypes(index);
			type = (types != null && types.hasNext()) ? types.next() : null;
		}
		if (type == null) {
			return 64;
		}
		SampleModel model = type.getSampleModel();
		int bits = 0;
		for (int band = 0; band < model.getNumBands(); band++) {
			bits += model.getSampleSize(band);
		}
		return Math.max(1, bits);
	}

	private static <T> T withReader(Path file, DocumentType type, ReaderFunction<T> function) {
		try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
			Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(type.mediaType());
			if (in == null || !readers.hasNext()) {
				throw new Refusal(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "No reader for " + type + " images.");
			}
			ImageReader reader = readers.next();
			try {
				reader.setInput(in, false, true);
				return function.apply(reader);
			}
			finally {
				reader.dispose();
			}
		}
		catch (Refusal ex) {
			throw ex;
		}
		catch (IOException | RuntimeException | StackOverflowError ex) {
			throw new Refusal(ErrorCode.IMAGE_CORRUPT, "The image cannot be decoded: it is damaged or malformed.", ex);
		}
	}

	@FunctionalInterface
	private interface ReaderFunction<T> {

		T apply(ImageReader reader) throws IOException;

	}

}
