package dev.ocrpipe.worker.documents;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import dev.ocrpipe.common.jobs.DocumentType;
import dev.ocrpipe.common.jobs.ErrorCode;

/**
 * Reads PNG, JPEG and TIFF files (a multi-page TIFF is a document of many pages) without trusting
 * them: dimensions come from headers before any pixel is decoded, and an image over the pixel cap
 * is decoded subsampled, or refused when even that would be unreasonable.
 */
public final class ImageDocuments {

	/** More pixels per byte of file than any real image compresses to. */
	static final long MAX_PIXELS_PER_BYTE = 20_000;

	private ImageDocuments() {
	}

	/**
	 * How many pages (images) a file holds, stopping after {@code limit + 1}.
	 */
	public static int countPages(Path file, DocumentType type, int limit) {
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
	 * Decodes one page, subsampled so it holds at most {@code maxPixels}.
	 * @param hardLimit headers claiming more pixels than this are refused outright
	 */
	public static BufferedImage read(Path file, DocumentType type, int page, long maxPixels, long hardLimit) {
		return withReader(file, type, (reader) -> {
			int index = page - 1;
			long width = reader.getWidth(index);
			long height = reader.getHeight(index);
			long pixels = width * height;
			if (pixels > hardLimit || width <= 0 || height <= 0) {
				throw new DocumentUnavailable(ErrorCode.PAGE_TOO_LARGE,
						"image " + page + " declares " + width + "×" + height + " pixels, the limit is " + hardLimit);
			}
			// even a blank 1-bit image needs about a byte per 8,000 pixels once compressed: a file
			// declaring far more pixels than its bytes can hold is truncated or forged, and decoders
			// fill the missing part with a flat colour that would pass for an empty page
			long bytes = java.nio.file.Files.size(file);
			if (pixels > bytes * MAX_PIXELS_PER_BYTE) {
				throw new DocumentUnavailable(ErrorCode.IMAGE_CORRUPT, "image " + page + " declares " + width + "×"
						+ height + " pixels but the file has only " + bytes + " bytes");
			}
			ImageReadParam param = reader.getDefaultReadParam();
			int step = (int) Math.ceil(Math.sqrt((double) pixels / maxPixels));
			if (step > 1) {
				param.setSourceSubsampling(step, step, 0, 0);
			}
			return reader.read(index, param);
		});
	}

	private static <T> T withReader(Path file, DocumentType type, ReaderFunction<T> function) {
		try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
			Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(type.mediaType());
			if (in == null || !readers.hasNext()) {
				throw new DocumentUnavailable(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "no reader for " + type);
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
		catch (DocumentUnavailable ex) {
			throw ex;
		}
		catch (IOException | RuntimeException ex) {
			throw new DocumentUnavailable(ErrorCode.IMAGE_CORRUPT, "the image cannot be read: " + ex.getMessage(), ex);
		}
		catch (OutOfMemoryError | StackOverflowError ex) {
			throw new DocumentUnavailable(ErrorCode.IMAGE_CORRUPT, "the image is malformed: " + PdfDocuments.describe(ex), ex);
		}
	}

	@FunctionalInterface
	private interface ReaderFunction<T> {

		T apply(ImageReader reader) throws IOException;

	}

}
