package dev.ocrpipe.worker.ocr;

import java.awt.image.DataBufferByte;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ocrpipe.common.jobs.ErrorCode;
import dev.ocrpipe.tesseract.Tessdata;
import dev.ocrpipe.tesseract.TesseractReader;
import dev.ocrpipe.tesseract.TesseractResult;
import dev.ocrpipe.tesseract.TesseractTimeout;

/**
 * Recognises pages with a local Tesseract (no system install, no network, no key): the engine of
 * a worker that has no Gemini key.
 */
public class TesseractEngine implements OcrEngine, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(TesseractEngine.class);

	private final TesseractReader reader;

	private final String language;

	private final int instances;

	private final Duration deadline;

	public TesseractEngine(TesseractProperties properties) {
		Path tessdata = (properties.tessdata() != null) ? properties.tessdata() : Tessdata.bundled();
		this.language = properties.language();
		this.instances = properties.instances();
		this.deadline = properties.deadline();
		this.reader = new TesseractReader(tessdata, properties.language(), properties.instances());
	}

	@Override
	public String name() {
		return "tesseract";
	}

	/** One page per Tesseract instance. */
	@Override
	public OptionalInt callLimit() {
		return OptionalInt.of(this.instances);
	}

	@Override
	public OcrResult recognise(PageImage page) {
		String sha256 = (page.image().getRaster().getDataBuffer() instanceof DataBufferByte bytes)
				? Hashes.sha256(bytes.getData()) : Hashes.sha256(page.png());
		TesseractResult result;
		try {
			result = this.reader.read(page.image(), page.dpi(), this.deadline);
		}
		catch (TesseractTimeout ex) {
			// the same page would take as long again: not worth a retry
			log.warn("Tesseract gave up on a page after its deadline of {}", this.deadline);
			throw new OcrFailure(ErrorCode.OCR_TIMEOUT, false, ex.getMessage(), null, ex);
		}
		catch (RuntimeException ex) {
			log.warn("Tesseract failed on a page", ex);
			throw new OcrFailure(ErrorCode.OCR_FAILED, false, "Tesseract failed: " + ex, null, ex);
		}
		return new OcrResult(result.text().strip(), name(), "tesseract-" + this.language, null, null, null,
				OcrResult.TokenUsage.NONE, result.latencyMillis(), sha256);
	}

	@Override
	public void close() {
		this.reader.close();
	}

}
