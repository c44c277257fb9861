package dev.ocrpipe.worker.sandbox;

import dev.ocrpipe.common.jobs.ErrorCode;
import dev.ocrpipe.worker.ocr.PageImage;

/**
 * What became of one page in a sandbox process.
 */
public sealed interface SandboxPage {

	/** The page's own text layer is good enough to skip OCR. */
	record Text(String text) implements SandboxPage {
	}

	/** The page to recognise, and its text layer (not trusted enough to skip OCR). */
	record Raster(PageImage image, String textLayer) implements SandboxPage {
	}

	/** The page cannot be processed; {@code sentence} is safe to show its owner. */
	record Failed(ErrorCode code, String sentence) implements SandboxPage {
	}

}
