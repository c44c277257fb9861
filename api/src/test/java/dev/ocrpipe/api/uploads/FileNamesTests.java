package dev.ocrpipe.api.uploads;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FileNamesTests {

	@Test
	void stripsPathsOfBothKinds() {
		assertThat(FileNames.sanitise("../../etc/passwd.pdf")).isEqualTo("passwd.pdf");
		assertThat(FileNames.sanitise("C:\\Users\\me\\scan.pdf")).isEqualTo("scan.pdf");
	}

	@Test
	void stripsControlAndBidiCharacters() {
		assertThat(FileNames.sanitise("in\u0000voice\u0007\u001b.pdf")).isEqualTo("invoice.pdf");
		assertThat(FileNames.sanitise("report\u202Efdp.exe")).isEqualTo("reportfdp.exe");
		assertThat(FileNames.sanitise("a\u2066b\u2069c.png")).isEqualTo("abc.png");
	}

	@Test
	void emptyBecomesUpload() {
		assertThat(FileNames.sanitise(null)).isEqualTo("upload");
		assertThat(FileNames.sanitise("  \u202A ")).isEqualTo("upload");
		assertThat(FileNames.sanitise("dir/")).isEqualTo("upload");
		assertThat(FileNames.sanitise("..")).isEqualTo("upload");
	}

	@Test
	void capsLengthKeepingTheExtension() {
		String name = FileNames.sanitise("x".repeat(400) + ".pdf");
		assertThat(name).hasSize(255).endsWith("x.pdf");
		String emoji = FileNames.sanitise("😀".repeat(300) + ".tiff");
		assertThat(emoji.codePointCount(0, emoji.length())).isEqualTo(255);
		assertThat(emoji).endsWith("😀.tiff");
	}

	@Test
	void extensions() {
		assertThat(FileNames.extension("a.PDF")).contains("pdf");
		assertThat(FileNames.extension(".hidden")).isEmpty();
		assertThat(FileNames.extension("noext")).isEmpty();
		assertThat(FileNames.isOtherKnownExtension("docx")).isTrue();
		assertThat(FileNames.isOtherKnownExtension("0001")).isFalse();
	}

}
