package dev.ocrpipe.emulator;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import dev.ocrpipe.tesseract.TesseractReader;

/** Ready-made responders, so tests script common behaviours in one line. */
public final class Responders {

	/** Larger images are refused rather than decoded, so a hostile image cannot exhaust the heap. */
	static final long MAX_PIXELS = 60_000_000L;

	private Responders() {
	}

	/**
	 * Reads each image with Tesseract and answers its text: a real local reading of the image,
	 * for the demo and for tests that check text flows end to end.
	 * @param reader the reader to use (not closed by the emulator)
	 * @return the responder; images that cannot be decoded get 400 INVALID_ARGUMENT
	 */
	public static Responder tesseract(TesseractReader reader) {
		Objects.requireNonNull(reader, "reader");
		return (call) -> {
			if (call.image() == null) {
				return Reply.error(400, "No inline image in the request");
			}
			BufferedImage image = decode(call.image());
			if (image == null) {
				return Reply.error(400, "Unable to process input image (" + call.mimeType() + ")");
			}
			return Reply.text(reader.read(image).text().strip());
		};
	}

	/**
	 * Answers every call the same way.
	 * @param reply the reply
	 * @return the responder
	 */
	public static Responder fixed(Reply reply) {
		Objects.requireNonNull(reply, "reply");
		return (call) -> reply;
	}

	/**
	 * Answers calls with the given replies in order and then keeps answering with the last one,
	 * for scripts such as "429, then 503, then success".
	 * @param replies at least one reply
	 * @return the responder
	 */
	public static Responder sequence(Reply... replies) {
		List<Reply> script = List.of(replies);
		if (script.isEmpty()) {
			throw new IllegalArgumentException("A sequence needs at least one reply");
		}
		AtomicInteger next = new AtomicInteger();
		return (call) -> script.get(Math.min(next.getAndIncrement(), script.size() - 1));
	}

	private static BufferedImage decode(byte[] bytes) {
		try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
			if (input == null) {
				return null;
			}
			Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
			if (!readers.hasNext()) {
				return null;
			}
			ImageReader imageReader = readers.next();
			try {
				imageReader.setInput(input, true, true);
				long pixels = (long) imageReader.getWidth(0) * imageReader.getHeight(0);
				if (pixels <= 0 || pixels > MAX_PIXELS) {
					return null;
				}
				return imageReader.read(0);
			}
			finally {
				imageReader.dispose();
			}
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

}
