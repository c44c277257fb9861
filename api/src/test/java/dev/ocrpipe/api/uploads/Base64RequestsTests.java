package dev.ocrpipe.api.uploads;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.unit.DataSize;

import dev.ocrpipe.api.system.ApiProblem;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class Base64RequestsTests {

	private final Base64Requests requests = new Base64Requests(new JsonMapper(),
			new UploadProperties(DataSize.ofKilobytes(64), DataSize.ofKilobytes(160), 3));

	@Test
	void decodesEveryEncodingIntoASpoolFileWhateverTheFieldOrder() throws IOException {
		byte[] bytes = new byte[1000];
		new Random(7).nextBytes(bytes);
		for (int length = 0; length <= 5; length++) {
			byte[] document = java.util.Arrays.copyOf(bytes, 995 + length);
			for (String encoded : new String[] { Base64.getEncoder().encodeToString(document),
					Base64.getEncoder().withoutPadding().encodeToString(document),
					Base64.getMimeEncoder(8, "\r\n".getBytes()).encodeToString(document).replace("\r\n", "\\r\\n") }) {
				try (Base64Upload upload = read("{\"contentBase64\":\"" + encoded + "\",\"filename\":\"late.pdf\"}")) {
					Base64IncomingFile file = upload.files().get(0);
					assertThat(file.decodable()).isTrue();
					assertThat(file.originalName()).isEqualTo("late.pdf");
					assertThat(file.size()).isEqualTo(document.length);
					try (InputStream in = file.open()) {
						assertThat(in.readAllBytes()).isEqualTo(document);
					}
				}
			}
		}
	}

	@Test
	void closingTheUploadRemovesItsSpoolFiles() throws IOException {
		Base64Upload upload = read("{\"files\":[{\"filename\":\"a.png\",\"contentBase64\":\"AAEC\"},"
				+ "{\"contentBase64\":\"AwQF\",\"filename\":\"b.png\",\"extra\":{\"ignored\":[1,2]}}]}");
		List<Base64IncomingFile> files = upload.files();
		assertThat(files).extracting(Base64IncomingFile::originalName).containsExactly("a.png", "b.png");
		assertThat(files).allSatisfy((file) -> assertThat(Files.exists(file.spool())).isTrue());
		upload.close();
		assertThat(files).allSatisfy((file) -> assertThat(Files.exists(file.spool())).isFalse());
	}

	@Test
	void marksWhatIsNotBase64() throws IOException {
		for (String text : new String[] { "abc$", "JVBERi0x%%%", "JVBERi0=x", "a", "ab-_" }) {
			try (Base64Upload upload = read("{\"filename\":\"a.pdf\",\"contentBase64\":\"" + text + "\"}")) {
				assertThat(upload.files()).as(text).singleElement().satisfies((file) -> {
					assertThat(file.decodable()).isFalse();
					assertThat(file.originalName()).isEqualTo("a.pdf");
				});
			}
		}
	}

	@Test
	void countsPastTheFileCapWithoutKeepingIt() throws IOException {
		byte[] document = new byte[100 * 1024];
		try (Base64Upload upload = read(
				"{\"filename\":\"big.pdf\",\"contentBase64\":\"" + Base64.getEncoder().encodeToString(document) + "\"}")) {
			Base64IncomingFile file = upload.files().get(0);
			assertThat(file.size()).isEqualTo(document.length);
			assertThat(Files.size(file.spool())).isEqualTo(64 * 1024);
		}
	}

	@Test
	void documentsBeyondTheMaximumAreCountedNotSpooled() throws IOException {
		try (Base64Upload upload = read("{\"files\":[" + "{\"contentBase64\":\"AAEC\"},".repeat(4)
				+ "{\"contentBase64\":\"AAEC\"}]}")) {
			assertThat(upload.files()).hasSize(5);
			assertThat(upload.files().get(4).spool()).isNull();
			assertThat(upload.files().get(4).size()).isEqualTo(3);
		}
	}

	@Test
	void bothFormsAtOnceAreMixed() throws IOException {
		try (Base64Upload upload = read("{\"files\":[{\"contentBase64\":\"AAEC\"}],\"contentBase64\":\"AAEC\"}")) {
			assertThat(upload.mixed()).isTrue();
		}
	}

	@Test
	void fieldsOfTheWrongKindFailValidation() {
		assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> read("{\"files\":[{\"filename\":\"a.pdf\"}]}"))
			.satisfies((problem) -> assertThat(problem.getBody().getProperties().toString())
				.contains("files[0].contentBase64"));
		assertThatExceptionOfType(ApiProblem.class)
			.isThrownBy(() -> read("{\"filename\":\"" + "x".repeat(4097) + "\",\"contentBase64\":\"AAEC\"}"))
			.satisfies((problem) -> assertThat(problem.getBody().getProperties().toString()).contains("filename"));
		assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> read("{\"contentBase64\":42}"));
		assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> read("[]"));
		assertThatExceptionOfType(HttpMessageNotReadableException.class).isThrownBy(() -> read("{not json"));
	}

	private Base64Upload read(String body) throws IOException {
		return this.requests.read(new HttpInputMessage() {

			@Override
			public InputStream getBody() {
				return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
			}

			@Override
			public HttpHeaders getHeaders() {
				return new HttpHeaders();
			}

		});
	}

}
