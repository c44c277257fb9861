package dev.ocrpipe.common.jobs;

/**
 * Stable reason codes of failed jobs and pages, and of quality flags on pages that did not fail.
 * Renaming one is a breaking change: clients, the SPA and the runbooks match on them.
 */
public enum ErrorCode {

	/** The upload is not a PDF, PNG, JPEG or TIFF, judged by its bytes. */
	UNSUPPORTED_MEDIA_TYPE(true),
	/** The stored upload is gone (deleted, or never written). */
	UPLOAD_MISSING(true),
	/** The document is larger than the worker accepts. */
	DOCUMENT_TOO_LARGE(true),
	/** The PDF could not be parsed (truncated, malformed, hostile structure). */
	PDF_CORRUPT(true),
	/** The PDF is encrypted and cannot be read without a password. */
	PDF_ENCRYPTED(true),
	/** More pages than the configured limit. */
	PDF_TOO_MANY_PAGES(true),
	/** The document has no pages. */
	DOCUMENT_EMPTY(true),
	/** The image could not be decoded. */
	IMAGE_CORRUPT(true),
	/** A page or image would exceed the pixel cap at the configured DPI. */
	PAGE_TOO_LARGE(true),
	/**
	 * The page's content is too large to process: a content stream that inflates to gigabytes, or
	 * a page whose sandbox process ran out of memory or died on every attempt.
	 */
	PAGE_TOO_COMPLEX(true),
	/** Rendering failed. */
	RENDER_FAILED(true),
	/**
	 * Reading and rendering the page took longer than its deadline; the sandbox process working on
	 * it was killed.
	 */
	RENDER_TIMEOUT(true),
	/**
	 * The document could not be checked and counted within the sandbox's memory and time caps
	 * (its sandbox process ran out of memory, died or missed the planning deadline).
	 */
	DOCUMENT_TOO_COMPLEX(true),
	/** The OCR engine refused the page for good (bad request, safety block). */
	OCR_REJECTED(true),
	/** The OCR engine stayed unavailable after the allowed attempts (429, 5xx, network). */
	OCR_UNAVAILABLE(false),
	/** The OCR call took longer than its time limit. */
	OCR_TIMEOUT(false),
	/** The OCR engine failed in an unexpected way. */
	OCR_FAILED(false),
	/** Quality flag: the model stopped for a reason other than STOP (MAX_TOKENS, SAFETY, RECITATION …). */
	OCR_FINISH_REASON(true),
	/** Quality flag, or failure: no text came back for a page that has ink on it. */
	OCR_EMPTY_OUTPUT(true),
	/** Quality flag: the page is blank (no ink when rendered) and so has no text: said, not implied. */
	BLANK_PAGE(true),
	/**
	 * Quality flag: the page had a text layer, not trusted enough to skip OCR, and OCR read
	 * something else (most of the text layer's words are missing from the OCR text).
	 */
	TEXT_LAYER_DISAGREEMENT(true),
	/** The page was requeued too often after its worker disappeared. */
	WORKER_LOST(false),
	/** A bug: the worker could not handle this case. */
	INTERNAL_ERROR(false);

	private final boolean permanent;

	ErrorCode(boolean permanent) {
		this.permanent = permanent;
	}

	/**
	 * Whether trying again with the same input cannot help.
	 */
	public boolean isPermanent() {
		return this.permanent;
	}

}
