package dev.ocrpipe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class LocalStackOptionsTests {

	private static final Path ROOT = Path.of("/repo");

	@Test
	void defaultsMatchTheReadme() {
		LocalStackOptions options = LocalStackOptions.parse(List.of(), ROOT);

		assertThat(options.dataDir()).isEqualTo(Path.of("/repo/.local"));
		assertThat(options.workers()).isOne();
		assertThat(options.geminiEmulator()).isFalse();
		assertThat(options.fresh()).isFalse();
		assertThat(options.mongoPort()).isEqualTo(27017);
		assertThat(options.kafkaPort()).isEqualTo(9092);
		assertThat(options.kafkaControllerPort()).isEqualTo(9093);
		assertThat(options.apiPort()).isEqualTo(8080);
		assertThat(options.workerPort(1)).isEqualTo(8081);
		assertThat(options.emulatorPort()).isEqualTo(8090);
	}

	@Test
	void flagsArePassedThrough() {
		LocalStackOptions options = LocalStackOptions.parse(
				List.of("--root", "/elsewhere", "--workers", "3", "--gemini-emulator", "--fresh", "--data", "tmp/d",
						"--color"),
				ROOT);

		assertThat(options.root()).isEqualTo(Path.of("/elsewhere"));
		assertThat(options.dataDir()).isEqualTo(Path.of("/elsewhere/tmp/d"));
		assertThat(options.workers()).isEqualTo(3);
		assertThat(options.workerPort(3)).isEqualTo(8083);
		assertThat(options.geminiEmulator()).isTrue();
		assertThat(options.fresh()).isTrue();
		assertThat(options.color()).isTrue();
	}

	@Test
	void badInputIsRejectedWithAHint() {
		assertThatIllegalArgumentException().isThrownBy(() -> LocalStackOptions.parse(List.of("--wrokers"), ROOT))
			.withMessageContaining("--help");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LocalStackOptions.parse(List.of("--workers", "0"), ROOT))
			.withMessageContaining("between 1 and 9");
		assertThatIllegalArgumentException().isThrownBy(() -> LocalStackOptions.parse(List.of("--data"), ROOT))
			.withMessageContaining("needs a value");
	}

}
