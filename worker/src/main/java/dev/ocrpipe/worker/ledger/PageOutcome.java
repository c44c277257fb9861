package dev.ocrpipe.worker.ledger;

import java.util.List;

import org.bson.Document;

import org.springframework.data.mongodb.core.query.Update;

import dev.ocrpipe.common.jobs.ErrorCode;
import dev.ocrpipe.common.jobs.PageStatus;
import dev.ocrpipe.common.store.PageFields;
import dev.ocrpipe.worker.ocr.OcrResult;

/**
 * How a page ended: recognised by an engine, taken from its own text layer, or failed with a reason.
 */
public sealed interface PageOutcome {

	PageStatus status();

	/** The text kept for the page (empty when it failed). */
	String text();

	/**
	 * The text as the ledger stores it: that of {@link #text()}, except that a failed page keeps
	 * what the engine said, if it said anything ({@code null} otherwise).
	 */
	default String storedText() {
		return text();
	}

	/** The engine that produced the text: {@code gemini}, {@code tesseract} or {@code text-layer}. */
	String engine();

	ErrorCode errorCode();

	void writeTo(Update update);

	static PageOutcome failed(ErrorCode code, String message) {
		return new Failed(code, message, null, null);
	}

	/**
	 * Where the rendered image came from, recorded with the page.
	 */
	record Raster(int width, int height, int dpi, double ink) {

		void writeTo(Update update) {
			update.set(PageFields.WIDTH, this.width)
				.set(PageFields.HEIGHT, this.height)
				.set(PageFields.DPI, this.dpi)
				.set(PageFields.INK, Math.round(this.ink * 10000) / 10000.0);
		}

	}

	/**
	 * A quality concern about a page that did not fail.
	 */
	record Flag(ErrorCode code, String detail) {
	}

	/**
	 * An OCR engine recognised the page.
	 */
	record Recognised(OcrResult result, Raster raster, List<Flag> flags) implements PageOutcome {

		@Override
		public PageStatus status() {
			return PageStatus.DONE;
		}

		@Override
		public String text() {
			return this.result.text();
		}

		@Override
		public String engine() {
			return this.result.engine();
		}

		@Override
		public ErrorCode errorCode() {
			return null;
		}

		@Override
		public void writeTo(Update update) {
			writeResult(update, this.result);
			this.raster.writeTo(update);
			update.set(PageFields.FLAGS,
					this.flags.stream().map((flag) -> new Document("code", flag.code().name()).append("detail", flag.detail())).toList());
		}

	}

	/**
	 * The page's own text layer was good, so OCR was skipped.
	 */
	record TextLayer(String text, int chars) implements PageOutcome {

		@Override
		public PageStatus status() {
			return PageStatus.SKIPPED_TEXT_LAYER;
		}

		@Override
		public String engine() {
			return "text-layer";
		}

		@Override
		public ErrorCode errorCode() {
			return null;
		}

		@Override
		public void writeTo(Update update) {
			update.set(PageFields.ENGINE, engine())
				.set(PageFields.TEXT, this.text)
				.set(PageFields.CHARS, this.text.length())
				.set(PageFields.FLAGS, List.of());
		}

	}

	/**
	 * The page failed for good; what the engine said, if it said anything, is kept for diagnosis.
	 */
	record Failed(ErrorCode errorCode, String message, OcrResult result, Raster raster) implements PageOutcome {

		@Override
		public PageStatus status() {
			return PageStatus.FAILED;
		}

		@Override
		public String text() {
			return "";
		}

		@Override
		public String engine() {
			return (this.result != null) ? this.result.engine() : null;
		}

		@Override
		public String storedText() {
			return (this.result != null) ? this.result.text() : null;
		}

		@Override
		public void writeTo(Update update) {
			update.set(PageFields.ERROR_CODE, this.errorCode.name()).set(PageFields.ERROR_MESSAGE, this.message);
			if (this.result != null) {
				writeResult(update, this.result);
			}
			if (this.raster != null) {
				this.raster.writeTo(update);
			}
		}

	}

	private static void writeResult(Update update, OcrResult result) {
		update.set(PageFields.ENGINE, result.engine())
			.set(PageFields.MODEL, result.model())
			.set(PageFields.MODEL_VERSION, result.modelVersion())
			.set(PageFields.PROMPT_VERSION, result.promptVersion())
			.set(PageFields.FINISH_REASON, result.finishReason())
			.set(PageFields.TEXT, result.text())
			.set(PageFields.CHARS, result.text().length())
			.set(PageFields.USAGE,
					new Document("prompt", result.usage().prompt()).append("output", result.usage().output())
						.append("total", result.usage().total()))
			.set(PageFields.LATENCY_MS, result.latencyMs())
			.set(PageFields.IMAGE_SHA256, result.imageSha256());
	}

}
