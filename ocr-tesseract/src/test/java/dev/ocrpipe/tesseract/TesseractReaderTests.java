package dev.ocrpipe.tesseract;

import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TesseractReaderTests {

	private static final String FIRST = "HELLO OCRPIPE 2026";

	private static final String SECOND = "Invoice total 42.50 EUR";

	private static TesseractReader reader;

	@BeforeAll
	static void startEngines() {
		reader = new TesseractReader(Tessdata.bundled(), "eng", 2);
	}

	@AfterAll
	static void stopEngines() {
		reader.close();
	}

	@Test
	void readsRenderedLines() {
		TesseractResult result = reader.read(TextImages.render(BufferedImage.TYPE_INT_RGB, FIRST, SECOND), 300);

		String text = TextImages.normalise(result.text());
		assertThat(text).contains(FIRST).contains(SECOND);
		assertThat(result.blank()).isFalse();
		assertThat(result.meanConfidence()).isBetween(50, 100);
		assertThat(result.latencyMillis()).isNotNegative();
	}

	@Test
	void readsGrayAndTransparentImagesAlike() {
		TesseractResult gray = reader.read(TextImages.render(BufferedImage.TYPE_BYTE_GRAY, FIRST));
		TesseractResult argb = reader.read(TextImages.render(BufferedImage.TYPE_INT_ARGB, FIRST));

		assertThat(TextImages.normalise(gray.text())).contains(FIRST);
		assertThat(TextImages.normalise(argb.text())).contains(FIRST);
	}

	@Test
	void blankImageYieldsBlankText() {
		TesseractResult result = reader.read(TextImages.blank(600, 400), 300);

		assertThat(result.text()).isBlank();
		assertThat(result.blank()).isTrue();
		assertThat(result.meanConfidence()).isZero();
	}

	@Test
	void concurrentReadsShareThePool() throws Exception {
		BufferedImage image = TextImages.render(BufferedImage.TYPE_INT_RGB, FIRST, SECOND);
		List<Future<List<String>>> futures = new ArrayList<>();
		try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
			for (int t = 0; t < 4; t++) {
				futures.add(threads.submit(() -> {
					List<String> texts = new ArrayList<>();
					for (int i = 0; i < 3; i++) {
						texts.add(TextImages.normalise(reader.read(image, 300).text()));
					}
					return texts;
				}));
			}
			for (Future<List<String>> future : futures) {
				assertThat(future.get()).hasSize(3).allSatisfy((text) -> assertThat(text).contains(FIRST).contains(SECOND));
			}
		}
	}

	@Test
	void aReadingPastItsDeadlineStopsAndTheEngineStaysUsable() {
		BufferedImage page = TextImages.render(BufferedImage.TYPE_INT_RGB, FIRST, SECOND, FIRST, SECOND, FIRST, SECOND);
		TesseractReader single = new TesseractReader(Tessdata.bundled(), "eng", 1);
		try {
			assertThatExceptionOfType(TesseractTimeout.class).isThrownBy(() -> single.read(page, 300, Duration.ofMillis(1)))
				.satisfies((timeout) -> assertThat(timeout.deadline()).isEqualTo(Duration.ofMillis(1)));

			TesseractResult next = single.read(page, 300, Duration.ofMinutes(1));
			assertThat(TextImages.normalise(next.text())).contains(FIRST).contains(SECOND);
		}
		finally {
			single.close();
		}
	}

	@Test
	void closedReaderRefusesReads() {
		TesseractReader single = new TesseractReader(Tessdata.bundled(), "eng", 1);
		single.close();
		single.close();

		assertThatIllegalStateException().isThrownBy(() -> single.read(TextImages.blank(10, 10)));
	}

	@Test
	void unknownLanguageFailsFast() {
		assertThatIllegalStateException().isThrownBy(() -> new TesseractReader(Tessdata.bundled(), "xyz", 1));
		assertThatIllegalArgumentException().isThrownBy(() -> Tessdata.resolve(Tessdata.bundled(), "xyz"));
		assertThat(Tessdata.resolve(null, "eng")).isEqualTo(Tessdata.bundled());
	}

}
