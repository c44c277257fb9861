package dev.ocrpipe.sandbox;

/**
 * The caps a page is read and rendered under, sent with every page request so the child needs no
 * configuration of its own.
 *
 * @param dpi render resolution for OCR
 * @param minDpi an oversized page is rendered at a lower resolution, down to this one, and refused
 * below it
 * @param maxPixels the most pixels (width × height) a rendered or decoded page may have
 * @param maxContentBytes a page whose content streams decode to more bytes than this is refused
 * @param maxImageBytes the most bytes an uploaded image may decode to (width × height × bits per
 * pixel / 8, counted before decoding); larger images are decoded subsampled to fit
 * @param textLayerMinChars a text layer with fewer non-space characters is not trusted
 */
public record PageLimits(int dpi, int minDpi, long maxPixels, long maxContentBytes, long maxImageBytes,
		int textLayerMinChars) {

	/** Headers claiming more than this many times the pixel cap are refused rather than subsampled. */
	public static final int HARD_LIMIT_FACTOR = 16;

}
