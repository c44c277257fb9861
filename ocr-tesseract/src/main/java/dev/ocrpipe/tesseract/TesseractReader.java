package dev.ocrpipe.tesseract;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.tesseract.ETEXT_DESC;
import org.bytedeco.tesseract.TessBaseAPI;
import org.bytedeco.tesseract.global.tesseract;

/**
 * Recognises text in images with a pool of Tesseract engines, because one engine is not
 * thread-safe and initialising one per call costs far more than the reading itself.
 *
 * <p>
 * {@link #read(BufferedImage, int)} may be called from any number of threads; at most
 * {@code poolSize} readings run at once and further callers wait for a free engine.
 * {@link #close()} frees the native engines; callers still waiting then fail.
 */
public final class TesseractReader implements AutoCloseable {

	/** The resolution assumed when the caller does not know it. */
	public static final int DEFAULT_DPI = 300;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition released = this.lock.newCondition();

	private final Deque<TessBaseAPI> idle = new ArrayDeque<>();

	private final int poolSize;

	private int live;

	private boolean closed;

	/**
	 * Initialises {@code poolSize} engines for a language.
	 * @param tessdataDir the directory holding {@code <language>.traineddata}, for example
	 * {@link Tessdata#bundled()}
	 * @param language the Tesseract language code, such as {@code eng} or {@code eng+deu}
	 * @param poolSize how many images may be read at the same time (at least 1)
	 * @throws IllegalStateException if an engine cannot be initialised
	 */
	public TesseractReader(Path tessdataDir, String language, int poolSize) {
		Objects.requireNonNull(tessdataDir, "tessdataDir");
		Objects.requireNonNull(language, "language");
		if (poolSize < 1) {
			throw new IllegalArgumentException("poolSize must be at least 1 but was " + poolSize);
		}
		this.poolSize = poolSize;
		List<TessBaseAPI> created = new ArrayList<>(poolSize);
		try {
			for (int i = 0; i < poolSize; i++) {
				created.add(newEngine(tessdataDir, language));
			}
		}
		catch (RuntimeException ex) {
			created.forEach(TesseractReader::free);
			throw ex;
		}
		this.idle.addAll(created);
		this.live = created.size();
	}

	/**
	 * Reads an image assumed to be at {@value #DEFAULT_DPI} DPI.
	 * @param image the image, in any colour model
	 * @return the reading
	 * @see #read(BufferedImage, int)
	 */
	public TesseractResult read(BufferedImage image) {
		return read(image, DEFAULT_DPI);
	}

	/**
	 * Reads an image without a deadline, blocking while all engines are busy.
	 * @param image the image, in any colour model (converted to 8-bit grayscale; transparent
	 * pixels count as white)
	 * @param dpi the resolution the image was rendered or scanned at, which Tesseract uses to
	 * judge text size
	 * @return the reading
	 * @see #read(BufferedImage, int, Duration)
	 */
	public TesseractResult read(BufferedImage image, int dpi) {
		return read(image, dpi, null);
	}

	/**
	 * Reads an image, blocking while all engines are busy.
	 * @param image the image, in any colour model (converted to 8-bit grayscale; transparent
	 * pixels count as white)
	 * @param dpi the resolution the image was rendered or scanned at, which Tesseract uses to
	 * judge text size
	 * @param deadline the longest the recognition may take once it has an engine (Tesseract
	 * checks it between words, so it overruns by at most one word's work), or {@code null} for
	 * none
	 * @return the reading
	 * @throws TesseractTimeout if the recognition passed its deadline; the engine stays usable
	 * @throws CancellationException if the thread is interrupted while waiting for an engine
	 * (the interrupt flag is kept)
	 * @throws IllegalStateException if the reader is closed
	 */
	public TesseractResult read(BufferedImage image, int dpi, Duration deadline) {
		Objects.requireNonNull(image, "image");
		if (dpi < 1) {
			throw new IllegalArgumentException("dpi must be positive but was " + dpi);
		}
		if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
			throw new IllegalArgumentException("deadline must be positive but was " + deadline);
		}
		byte[] gray = grayscale(image);
		int width = image.getWidth();
		int height = image.getHeight();
		TessBaseAPI engine = borrow();
		try {
			long start = System.nanoTime();
			String text;
			int confidence;
			try (BytePointer pixels = new BytePointer(gray); ETEXT_DESC monitor = new ETEXT_DESC()) {
				engine.SetImage(pixels, width, height, 1, width);
				engine.SetSourceResolution(dpi);
				if (deadline != null) {
					// Tesseract counts from now: layout analysis and recognition both run inside Recognize
					monitor.set_deadline_msecs((int) Math.min(Integer.MAX_VALUE, Math.max(1, deadline.toMillis())));
				}
				engine.Recognize(monitor);
				if (deadline != null && monitor.deadline_exceeded()) {
					throw new TesseractTimeout(deadline);
				}
				// a failed recognition leaves no text: GetUTF8Text answers null, read as blank
				BytePointer utf8 = engine.GetUTF8Text();
				try {
					text = (utf8 == null || utf8.isNull()) ? "" : utf8.getString(StandardCharsets.UTF_8);
				}
				finally {
					if (utf8 != null && !utf8.isNull()) {
						// allocated by Tesseract with new[]: only Tesseract may free it
						tesseract.TessDeleteText(utf8);
					}
				}
				confidence = Math.max(0, engine.MeanTextConf());
			}
			finally {
				// drops the engine's copy of the image and its results, so an idle engine holds no page
				// and the next reading starts afresh (also after a reading stopped by its deadline)
				engine.Clear();
			}
			long latencyMillis = (System.nanoTime() - start) / 1_000_000;
			return new TesseractResult(text, text.isBlank() ? 0 : confidence, latencyMillis);
		}
		finally {
			giveBack(engine);
		}
	}

	/**
	 * Returns the number of engines, which is the number of images read at the same time.
	 * @return the pool size given at construction
	 */
	public int poolSize() {
		return this.poolSize;
	}

	/**
	 * Frees the idle engines now and each busy engine when its reading ends; later reads fail.
	 */
	@Override
	public void close() {
		List<TessBaseAPI> toFree;
		this.lock.lock();
		try {
			if (this.closed) {
				return;
			}
			this.closed = true;
			toFree = new ArrayList<>(this.idle);
			this.live -= this.idle.size();
			this.idle.clear();
			this.released.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		toFree.forEach(TesseractReader::free);
	}

	private TessBaseAPI borrow() {
		this.lock.lock();
		try {
			while (!this.closed && this.idle.isEmpty()) {
				try {
					this.released.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					CancellationException cancelled = new CancellationException(
							"Interrupted while waiting for a Tesseract engine");
					cancelled.initCause(ex);
					throw cancelled;
				}
			}
			if (this.closed) {
				throw new IllegalStateException("TesseractReader is closed");
			}
			return this.idle.pop();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void giveBack(TessBaseAPI engine) {
		this.lock.lock();
		try {
			if (!this.closed) {
				this.idle.push(engine);
				this.released.signal();
				return;
			}
			this.live--;
		}
		finally {
			this.lock.unlock();
		}
		free(engine);
	}

	private static TessBaseAPI newEngine(Path tessdataDir, String language) {
		TessBaseAPI engine = new TessBaseAPI();
		if (engine.Init(tessdataDir.toAbsolutePath().toString(), language) != 0) {
			engine.close();
			throw new IllegalStateException(
					"Tesseract could not load language '" + language + "' from " + tessdataDir.toAbsolutePath());
		}
		engine.SetPageSegMode(tesseract.PSM_AUTO);
		return engine;
	}

	private static void free(TessBaseAPI engine) {
		engine.End();
		engine.close();
	}

	/**
	 * Converts to 8-bit luma (ITU-R BT.601 weights on sRGB), compositing transparency over
	 * white, because Tesseract reads one byte per pixel here.
	 */
	static byte[] grayscale(BufferedImage image) {
		int width = image.getWidth();
		int height = image.getHeight();
		if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
			return (byte[]) image.getRaster().getDataElements(0, 0, width, height, null);
		}
		byte[] gray = new byte[Math.multiplyExact(width, height)];
		int[] row = new int[width];
		for (int y = 0; y < height; y++) {
			image.getRGB(0, y, width, 1, row, 0, width);
			int offset = y * width;
			for (int x = 0; x < width; x++) {
				int argb = row[x];
				int alpha = argb >>> 24;
				int luma = (299 * ((argb >> 16) & 0xFF) + 587 * ((argb >> 8) & 0xFF) + 114 * (argb & 0xFF)) / 1000;
				if (alpha != 0xFF) {
					luma = (luma * alpha + 0xFF * (0xFF - alpha)) / 0xFF;
				}
				gray[offset + x] = (byte) luma;
			}
		}
		return gray;
	}

}
