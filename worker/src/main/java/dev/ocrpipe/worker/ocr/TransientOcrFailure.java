package dev.ocrpipe.worker.ocr;

import java.util.function.Predicate;

/**
 * The resilience4j retry predicate of the {@code ocr} instance: retry only what may succeed later.
 */
public class TransientOcrFailure implements Predicate<Throwable> {

	@Override
	public boolean test(Throwable failure) {
		return failure instanceof OcrFailure ocr && ocr.isTransient();
	}

}
