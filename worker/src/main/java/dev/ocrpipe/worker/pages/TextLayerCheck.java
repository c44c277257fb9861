package dev.ocrpipe.worker.pages;

import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.ocrpipe.common.jobs.ErrorCode;
import dev.ocrpipe.worker.ledger.PageOutcome;

/**
 * Compares what OCR read with a text layer that was not trusted enough to skip OCR: when most of
 * the layer's words are missing from the OCR text, one of the two is wrong, and the page is
 * flagged {@code TEXT_LAYER_DISAGREEMENT} for a person to look at.
 */
final class TextLayerCheck {

	/** Below this many distinct words the layer says too little to disagree with. */
	static final int MIN_WORDS = 5;

	private TextLayerCheck() {
	}

	static Optional<PageOutcome.Flag> disagreement(String textLayer, String ocrText) {
		Set<String> layerWords = words(textLayer);
		if (layerWords.size() < MIN_WORDS) {
			return Optional.empty();
		}
		Set<String> ocrWords = words(ocrText);
		long found = layerWords.stream().filter(ocrWords::contains).count();
		double share = (double) found / layerWords.size();
		if (share >= 0.5) {
			return Optional.empty();
		}
		return Optional.of(new PageOutcome.Flag(ErrorCode.TEXT_LAYER_DISAGREEMENT, String.format(Locale.ROOT,
				"only %.0f%% of the %d words of the page's text layer appear in the OCR text", share * 100,
				layerWords.size())));
	}

	/** Distinct words of three or more letters or digits, lower case. */
	static Set<String> words(String text) {
		Set<String> words = new HashSet<>();
		if (text == null) {
			return words;
		}
		for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
			if (word.length() >= 3) {
				words.add(word);
			}
		}
		return words;
	}

}
