package dev.ocrpipe.api.uploads;

import java.io.IOException;
import java.util.Base64;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Base64ContentTests {

	@Test
	void decodedSizeIsExactForEveryPadding() throws IOException {
		Random random = new Random(42);
		for (int size = 0; size < 40; size++) {
			byte[] bytes = new byte[size];
			random.nextBytes(bytes);
			for (String encoded : new String[] { Base64.getEncoder().encodeToString(bytes),
					Base64.getEncoder().withoutPadding().encodeToString(bytes),
					Base64.getMimeEncoder(8, "\r\n".getBytes()).encodeToString(bytes) }) {
				Base64Content content = Base64Content.of(encoded);
				assertThat(content.valid()).as(encoded).isTrue();
				assertThat(content.decodedSize()).as(encoded).isEqualTo(size);
				assertThat(content.open().readAllBytes()).isEqualTo(bytes);
			}
		}
	}

	@Test
	void rejectsWhatIsNotBase64() {
		assertThat(Base64Content.of("abc$").valid()).isFalse();
		assertThat(Base64Content.of("ab=c").valid()).isFalse();
		assertThat(Base64Content.of("a").valid()).isFalse();
		assertThat(Base64Content.of("abc===").valid()).isFalse();
		assertThat(Base64Content.of("ab-_").valid()).isFalse();
		assertThat(Base64Content.of("ab=").valid()).isFalse();
	}

}
