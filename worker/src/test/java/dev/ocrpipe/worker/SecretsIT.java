package dev.ocrpipe.worker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Gemini API key never leaves the process (under our setting's name or as
 * {@code GOOGLE_API_KEY}): not in the startup log, not in
 * {@code /actuator/configprops} or {@code /actuator/env}, even with both endpoints exposed and
 * told to show values.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ocr.worker.instance-id=secrets-it", "ocr.worker.engine=gemini",
				"ocr.worker.gemini.api-key=" + SecretsIT.KEY, "GOOGLE_API_KEY=" + SecretsIT.ENV_KEY,
				"management.health.mongodb.enabled=false",
				"management.endpoints.web.exposure.include=configprops,env,health",
				"management.endpoint.configprops.show-values=ALWAYS", "management.endpoint.env.show-values=ALWAYS" })
class SecretsIT extends WorkerTestBase {

	static final String KEY = "AIzaSy-very-secret-test-key-0042";

	/** The same key under the name Google's own tools read it from, set beside ours in a deployment. */
	static final String ENV_KEY = "AIzaSy-env-style-test-key-0043";

	@LocalServerPort
	int port;

	@Test
	void theKeyIsInNoActuatorOutputAndNoLog(CapturedOutput output) {
		RestClient http = RestClient.create("http://localhost:" + this.port);

		String configprops = http.get().uri("/actuator/configprops").retrieve().body(String.class);
		String env = http.get().uri("/actuator/env").retrieve().body(String.class);

		assertThat(configprops).contains("ocr.worker.gemini").doesNotContain(KEY);
		assertThat(env).contains("ocr.worker.gemini.api-key", "GOOGLE_API_KEY").doesNotContain(KEY, ENV_KEY);
		// the context started in this JVM, so its startup log (engine choice included) is captured
		assertThat(output.getAll()).contains("OCR engine: gemini").doesNotContain(KEY);
	}

}
