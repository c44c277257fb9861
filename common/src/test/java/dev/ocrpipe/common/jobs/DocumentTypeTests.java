package dev.ocrpipe.common.jobs;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DocumentTypeTests {

	@Test
	void sniffsEachTypeByMagicBytes() {
		assertThat(DocumentType.sniff("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII))).contains(DocumentType.PDF);
		assertThat(DocumentType.sniff(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0 }))
			.contains(DocumentType.PNG);
		assertThat(DocumentType.sniff(new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0 }))
			.contains(DocumentType.JPEG);
		assertThat(DocumentType.sniff(new byte[] { 'I', 'I', 42, 0, 8, 0, 0, 0 })).contains(DocumentType.TIFF);
		assertThat(DocumentType.sniff(new byte[] { 'M', 'M', 0, 42, 0, 0, 0, 8 })).contains(DocumentType.TIFF);
	}

	@Test
	void toleratesJunkBeforeThePdfHeaderButNotTooMuch() {
		byte[] shortJunk = ("x".repeat(100) + "%PDF-1.4").getBytes(StandardCharsets.US_ASCII);
		byte[] longJunk = ("x".repeat(2000) + "%PDF-1.4").getBytes(StandardCharsets.US_ASCII);
		assertThat(DocumentType.sniff(shortJunk)).contains(DocumentType.PDF);
		assertThat(DocumentType.sniff(longJunk)).isEmpty();
	}

	@Test
	void aPngPdfPolyglotIsJudgedByItsFirstBytes() {
		byte[] polyglot = new byte[64];
		System.arraycopy(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' }, 0, polyglot, 0, 8);
		System.arraycopy("%PDF-1.4".getBytes(StandardCharsets.US_ASCII), 0, polyglot, 20, 8);
		assertThat(DocumentType.sniff(polyglot)).contains(DocumentType.PNG);
	}

	@Test
	void rejectsUnknownAndEmptyInput() {
		assertThat(DocumentType.sniff(new byte[0])).isEmpty();
		assertThat(DocumentType.sniff("hello world".getBytes(StandardCharsets.US_ASCII))).isEmpty();
		assertThat(DocumentType.sniff("GIF89a".getBytes(StandardCharsets.US_ASCII))).isEmpty();
	}

	@Test
	void mapsDeclaredMediaTypesAndExtensions() {
		assertThat(DocumentType.fromMediaType("image/jpg")).contains(DocumentType.JPEG);
		assertThat(DocumentType.fromMediaType("application/pdf; charset=binary")).contains(DocumentType.PDF);
		assertThat(DocumentType.fromMediaType("text/plain")).isEmpty();
		assertThat(DocumentType.TIFF.hasExtension("TIF")).isTrue();
		assertThat(DocumentType.PDF.hasExtension("png")).isFalse();
	}

}
