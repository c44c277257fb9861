package dev.ocrpipe.worker.pages;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextLayerCheckTests {

	@Test
	void agreeingTextsRaiseNoFlag() {
		assertThat(TextLayerCheck.disagreement("Archive copy of the municipal water quality report",
				"ARCHIVE COPY of the Municipal Water Quality Report, page 1")).isEmpty();
	}

	@Test
	void mostlyMissingWordsRaiseTheFlag() {
		assertThat(TextLayerCheck.disagreement("Archive copy of the municipal water quality report",
				"Completely different words were recognised"))
			.hasValueSatisfying((flag) -> assertThat(flag.detail()).contains("0%").contains("7 words"));
	}

	@Test
	void aLayerOfAFewWordsSaysTooLittle() {
		assertThat(TextLayerCheck.disagreement("Page 3", "something else entirely")).isEmpty();
		assertThat(TextLayerCheck.disagreement("", "anything")).isEmpty();
	}

}
