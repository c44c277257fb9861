package dev.ocrpipe.api.uploads;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class Base64UploadTests {

	@Test
	void spoolFilesOfProcessesThatAreGoneAreRemovedAtStartupOthersStay(@TempDir Path tmp) throws IOException {
		long self = ProcessHandle.current().pid();
		long alive = ProcessHandle.current().parent().orElseThrow().pid();
		Path mine = Files.createFile(tmp.resolve("ocr-base64-" + self + "-1.upload"));
		Path dead = Files.createFile(tmp.resolve("ocr-base64-999999999-2.upload"));
		Path running = Files.createFile(tmp.resolve("ocr-base64-" + alive + "-3.upload"));
		Path unrelated = Files.createFile(tmp.resolve("other-4.upload"));

		assertThat(Base64Upload.removeLeftovers(tmp)).isEqualTo(2);

		assertThat(mine).doesNotExist();
		assertThat(dead).doesNotExist();
		assertThat(running).exists();
		assertThat(unrelated).exists();
	}

	@Test
	void aSpoolFileIsNamedAfterItsProcessAndGoesWithItsUpload() throws IOException {
		Path spool;
		try (Base64Upload upload = new Base64Upload()) {
			spool = upload.spool();
			assertThat(spool.getFileName().toString()).startsWith("ocr-base64-" + ProcessHandle.current().pid() + "-");
			assertThat(spool).exists();
		}
		assertThat(spool).doesNotExist();
	}

}
