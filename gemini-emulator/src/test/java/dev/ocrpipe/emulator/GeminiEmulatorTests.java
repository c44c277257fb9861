package dev.ocrpipe.emulator;

import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.errors.ClientException;
import com.google.genai.errors.GenAiIOException;
import com.google.genai.errors.ServerException;
import com.google.genai.types.Content;
import com.google.genai.types.FinishReason;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.MediaResolution;
import com.google.genai.types.Part;
import com.google.genai.types.ThinkingConfig;
import dev.ocrpipe.tesseract.Tessdata;
import dev.ocrpipe.tesseract.TesseractReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

class GeminiEmulatorTests {

	private static final String MODEL = "gemini-test-flash";

	private static final byte[] PAGE = Images.png("HELLO OCRPIPE 2026");

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private GeminiEmulator emulator;

	private Client client;

	@BeforeEach
	void start() {
		this.emulator = GeminiEmulator.start(0);
		this.client = client(null, 10_000);
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.emulator.close();
		this.http.close();
	}

	@Test
	void sdkRoundTripCarriesImagePromptAndConfig() {
		this.emulator.respondWith(Responders.fixed(Reply.text("Page one text")));

		GenerateContentResponse response = this.client.models.generateContent(MODEL,
				Content.fromParts(Part.fromBytes(PAGE, "image/png"), Part.fromText("Transcribe this page.")),
				GenerateContentConfig.builder()
					.systemInstruction(Content.fromParts(Part.fromText("You are an OCR engine.")))
					.temperature(0f)
					.maxOutputTokens(8192)
					.mediaResolution(MediaResolution.Known.MEDIA_RESOLUTION_MEDIUM)
					.thinkingConfig(ThinkingConfig.builder().thinkingBudget(0))
					.build());

		assertThat(response.text()).isEqualTo("Page one text");
		assertThat(response.finishReason().knownEnum()).isEqualTo(FinishReason.Known.STOP);
		assertThat(response.modelVersion()).contains("gemini-emulator (" + MODEL + ")");
		assertThat(response.responseId()).hasValueSatisfying((id) -> assertThat(id).startsWith("emu-1-"));
		GenerateContentResponseUsageMetadata usage = response.usageMetadata().orElseThrow();
		int promptTokens = GeminiEmulator.TOKENS_PER_IMAGE + GeminiEmulator.tokens("Transcribe this page.")
				+ GeminiEmulator.tokens("You are an OCR engine.");
		assertThat(usage.promptTokenCount()).contains(promptTokens);
		assertThat(usage.candidatesTokenCount()).contains(4);
		assertThat(usage.totalTokenCount()).contains(promptTokens + 4);

		assertThat(this.emulator.callCount()).isEqualTo(1);
		Call call = this.emulator.calls().getFirst();
		assertThat(call.seq()).isEqualTo(1);
		assertThat(call.model()).isEqualTo(MODEL);
		assertThat(call.apiVersion()).as("the SDK's default API version").isEqualTo("v1");
		assertThat(call.apiKey()).isEqualTo("test-key");
		assertThat(call.prompt()).isEqualTo("Transcribe this page.");
		assertThat(call.systemInstruction()).isEqualTo("You are an OCR engine.");
		assertThat(call.mimeType()).isEqualTo("image/png");
		assertThat(call.image()).isEqualTo(PAGE);
		assertThat(call.imageSha256()).hasSize(64);
		assertThat(call.receivedAt()).isNotNull();
		JsonNode config = this.json.readTree(call.generationConfig());
		assertThat(config.path("temperature").asDouble(-1)).isZero();
		assertThat(config.path("maxOutputTokens").asInt()).isEqualTo(8192);
		assertThat(config.path("mediaResolution").asString()).isEqualTo("MEDIA_RESOLUTION_MEDIUM");
		assertThat(config.path("thinkingConfig").path("thinkingBudget").asInt(-1)).isZero();
	}

	@Test
	void explicitApiVersionReachesThePath() {
		try (Client beta = client("v1beta", 10_000)) {
			generate(beta);
		}
		assertThat(this.emulator.calls().getFirst().apiVersion()).isEqualTo("v1beta");
	}

	@Test
	void otherFinishReasonsReachTheSdk() {
		this.emulator.respondWith(Responders.fixed(Reply.text("cut off", "MAX_TOKENS")));

		GenerateContentResponse response = generate(this.client);

		assertThat(response.finishReason().knownEnum()).isEqualTo(FinishReason.Known.MAX_TOKENS);
		assertThat(response.text()).isEqualTo("cut off");
	}

	@Test
	void defaultReplyNamesTheEmulator() {
		assertThat(generate(this.client).text()).isEqualTo(GeminiEmulator.DEFAULT_TEXT);
	}

	@Test
	void rateLimitArrivesAsClientExceptionWithCode429() throws Exception {
		this.emulator.respondWith(Responders.fixed(Reply.rateLimited(Duration.ofMillis(2500))));

		ClientException ex = catchThrowableOfType(ClientException.class, () -> generate(this.client));

		assertThat(ex).isInstanceOf(ApiException.class);
		assertThat(ex.code()).isEqualTo(429);
		assertThat(ex.status()).isEqualTo("RESOURCE_EXHAUSTED");
		// the SDK appends the error details to the message: the only place a retry hint survives
		assertThat(ex.message()).contains("Please retry in 2.5s.").contains("\"retryDelay\":\"2.5s\"");
		assertThat(this.emulator.callCount()).as("SDK retries are off").isEqualTo(1);

		HttpResponse<String> raw = postGenerate(requestBody(), "test-key");
		assertThat(raw.statusCode()).isEqualTo(429);
		assertThat(raw.headers().firstValue("Retry-After")).contains("3");
		JsonNode error = this.json.readTree(raw.body()).path("error");
		assertThat(error.path("code").asInt()).isEqualTo(429);
		assertThat(error.path("status").asString()).isEqualTo("RESOURCE_EXHAUSTED");
		assertThat(error.path("details").path(0).path("@type").asString())
			.isEqualTo("type.googleapis.com/google.rpc.RetryInfo");
		assertThat(error.path("details").path(0).path("retryDelay").asString()).isEqualTo("2.5s");
	}

	@Test
	void serverErrorsArriveAsServerException() {
		this.emulator.respondWith(Responders.sequence(Reply.error(503, "overloaded"), Reply.error(500, "boom"),
				Reply.text("finally")));

		ServerException unavailable = catchThrowableOfType(ServerException.class, () -> generate(this.client));
		ServerException internal = catchThrowableOfType(ServerException.class, () -> generate(this.client));

		assertThat(unavailable.code()).isEqualTo(503);
		assertThat(unavailable.status()).isEqualTo("UNAVAILABLE");
		assertThat(unavailable.message()).isEqualTo("overloaded");
		assertThat(internal.code()).isEqualTo(500);
		assertThat(internal.status()).isEqualTo("INTERNAL");
		assertThat(generate(this.client).text()).isEqualTo("finally");
		assertThat(generate(this.client).text()).isEqualTo("finally");
	}

	@Test
	void stallMakesTheSdkTimeOut() {
		this.emulator.respondWith(Responders.fixed(Reply.stall(Duration.ofMinutes(5))));

		try (Client impatient = client(null, 500)) {
			GenAiIOException ex = catchThrowableOfType(GenAiIOException.class, () -> generate(impatient));
			// OkHttp's call timeout: HttpOptions.timeout is in milliseconds
			assertThat(ex).hasCauseInstanceOf(InterruptedIOException.class);
		}
		assertThat(this.emulator.callCount()).isEqualTo(1);
	}

	@Test
	void delayedReplyStillArrives() {
		this.emulator.respondWith(Responders.fixed(Reply.text("slow").withDelay(Duration.ofMillis(200))));

		assertThat(generate(this.client).text()).isEqualTo("slow");
	}

	@Test
	void injectedFaultsPrecedeTheResponder() {
		this.emulator.respondWith(Responders.fixed(Reply.text("ok")));
		this.emulator.faults(new Faults(Duration.ofMillis(10), 1.0, Duration.ofSeconds(7), 0, 0, null), 42);

		ClientException limited = catchThrowableOfType(ClientException.class, () -> generate(this.client));
		assertThat(limited.code()).isEqualTo(429);
		assertThat(limited.message()).contains("Please retry in 7s.");

		this.emulator.faults(new Faults(null, 0, null, 1.0, 0, null), 42);
		assertThat(catchThrowableOfType(ServerException.class, () -> generate(this.client)).code()).isEqualTo(503);

		this.emulator.faults(new Faults(null, 0.3, null, 0.3, 0, null), 7);
		List<String> outcomes = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			try {
				outcomes.add(generate(this.client).text());
			}
			catch (ApiException ex) {
				outcomes.add(Integer.toString(ex.code()));
			}
		}
		assertThat(outcomes).contains("ok", "429", "503");
		assertThat(this.emulator.callCount()).isEqualTo(42);

		this.emulator.faults(Faults.none());
		assertThat(generate(this.client).text()).isEqualTo("ok");
	}

	@Test
	void concurrentCallsAreAllAnsweredAndCounted() throws Exception {
		this.emulator.respondWith((call) -> Reply.text("call " + call.seq()).withDelay(Duration.ofMillis(20)));
		List<Future<String>> answers = new ArrayList<>();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < 32; i++) {
				answers.add(threads.submit(() -> generate(this.client).text()));
			}
			for (Future<String> answer : answers) {
				assertThat(answer.get()).startsWith("call ");
			}
		}
		assertThat(this.emulator.callCount()).isEqualTo(32);
		assertThat(this.emulator.calls()).extracting(Call::seq).doesNotHaveDuplicates().hasSize(32);
	}

	@Test
	void responderFailureBecomesInternalError() {
		this.emulator.respondWith((call) -> {
			throw new IllegalStateException("scripted failure");
		});

		ServerException ex = catchThrowableOfType(ServerException.class, () -> generate(this.client));

		assertThat(ex.code()).isEqualTo(500);
		assertThat(ex.message()).contains("scripted failure");
	}

	@Test
	void refusesCallsWithoutKeyImageOrValidJson() throws Exception {
		HttpResponse<String> noKey = postGenerate(requestBody(), null);
		assertThat(noKey.statusCode()).isEqualTo(401);
		assertThat(this.json.readTree(noKey.body()).path("error").path("status").asString())
			.isEqualTo("UNAUTHENTICATED");

		HttpResponse<String> malformed = postGenerate("{not json", "test-key");
		assertThat(malformed.statusCode()).isEqualTo(400);
		assertThat(this.json.readTree(malformed.body()).path("error").path("status").asString())
			.isEqualTo("INVALID_ARGUMENT");

		HttpResponse<String> noImage = postGenerate("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}",
				"test-key");
		assertThat(noImage.statusCode()).isEqualTo(400);
		assertThat(this.json.readTree(noImage.body()).path("error").path("code").asInt()).isEqualTo(400);

		HttpResponse<String> unknown = send("GET", "/v1/models", null);
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(this.json.readTree(unknown.body()).path("error").path("status").asString()).isEqualTo("NOT_FOUND");

		assertThat(this.emulator.callCount()).isZero();
	}

	@Test
	void acceptsSnakeCaseAndQueryKey() throws Exception {
		this.emulator.respondWith(Responders.fixed(Reply.text("snake")));
		String body = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"inline_data\":{\"mime_type\":\"image/png\",\"data\":\""
				+ Base64.getEncoder().encodeToString(PAGE) + "\"}},{\"text\":\"read\"}]}],"
				+ "\"system_instruction\":{\"parts\":[{\"text\":\"sys\"}]},\"generation_config\":{\"temperature\":0}}";

		HttpResponse<String> response = send("POST", "/v1beta/models/" + MODEL + ":generateContent?key=qk", body);

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode answer = this.json.readTree(response.body());
		assertThat(answer.path("candidates").path(0).path("content").path("parts").path(0).path("text").asString())
			.isEqualTo("snake");
		assertThat(answer.path("candidates").path(0).path("finishReason").asString()).isEqualTo("STOP");
		Call call = this.emulator.calls().getFirst();
		assertThat(call.apiKey()).isEqualTo("qk");
		assertThat(call.mimeType()).isEqualTo("image/png");
		assertThat(call.systemInstruction()).isEqualTo("sys");
		assertThat(call.prompt()).isEqualTo("read");
		assertThat(call.generationConfig()).contains("temperature");
	}

	@Test
	void httpControlsScriptTheEmulatorFromAnotherProcess() throws Exception {
		assertThat(send("PUT", "/emulator/reply", "{\"text\":\"scripted\",\"finishReason\":\"SAFETY\"}").statusCode())
			.isEqualTo(200);
		GenerateContentResponse scripted = generate(this.client);
		assertThat(scripted.finishReason().knownEnum()).isEqualTo(FinishReason.Known.SAFETY);
		// text() and parts() refuse finish reasons other than STOP, MAX_TOKENS and CONTINUATION
		assertThatIllegalArgumentException().isThrownBy(scripted::text).withMessageContaining("SAFETY");
		assertThat(scripted.candidates().orElseThrow().getFirst().content().orElseThrow().parts().orElseThrow())
			.singleElement()
			.satisfies((part) -> assertThat(part.text()).contains("scripted"));

		JsonNode calls = this.json.readTree(send("GET", "/emulator/calls", null).body());
		assertThat(calls.path("count").asInt()).isEqualTo(1);
		JsonNode first = calls.path("calls").path(0);
		assertThat(first.path("model").asString()).isEqualTo(MODEL);
		assertThat(first.path("imageBytes").asInt()).isEqualTo(PAGE.length);
		assertThat(first.path("imageSha256").asString()).isEqualTo(this.emulator.calls().getFirst().imageSha256());
		assertThat(first.has("image")).isFalse();

		assertThat(send("PUT", "/emulator/faults", "{\"rate429\":1.0,\"retryAfter\":\"PT4S\",\"seed\":1}").statusCode())
			.isEqualTo(200);
		assertThat(catchThrowableOfType(ClientException.class, () -> generate(this.client)).code()).isEqualTo(429);

		assertThat(send("PUT", "/emulator/faults", "{\"rate429\":2}").statusCode()).isEqualTo(400);
		assertThat(send("PUT", "/emulator/faults", "{}").statusCode()).isEqualTo(200);
		assertThat(send("PUT", "/emulator/reply", "{\"status\":503,\"message\":\"down\",\"retryAfter\":2000}").statusCode())
			.isEqualTo(200);
		ServerException down = catchThrowableOfType(ServerException.class, () -> generate(this.client));
		assertThat(down.code()).isEqualTo(503);
		assertThat(down.message()).contains("down").contains("\"retryDelay\":\"2s\"");
		assertThat(send("PUT", "/emulator/reply", "{\"mode\":\"tesseract\"}").statusCode()).isEqualTo(409);
		assertThat(send("GET", "/emulator/reset", null).statusCode()).isEqualTo(405);

		assertThat(send("POST", "/emulator/reset", null).statusCode()).isEqualTo(200);
		assertThat(this.emulator.callCount()).isZero();
		assertThat(this.emulator.calls()).isEmpty();
		assertThat(generate(this.client).text()).isEqualTo(GeminiEmulator.DEFAULT_TEXT);
	}

	@Test
	void tesseractResponderReadsTheImage() {
		try (TesseractReader reader = new TesseractReader(Tessdata.bundled(), "eng", 1);
				GeminiEmulator demo = GeminiEmulator.start(0, reader);
				Client demoClient = client(demo, null, 20_000)) {
			GenerateContentResponse response = generate(demoClient);

			assertThat(response.text()).contains("HELLO OCRPIPE 2026");
			assertThat(response.modelVersion()).hasValueSatisfying((v) -> assertThat(v).startsWith("gemini-emulator"));

			demo.respondWith(Responders.fixed(Reply.text("fixed")));
			assertThat(generate(demoClient).text()).isEqualTo("fixed");
			demo.reset();
			assertThat(generate(demoClient).text()).contains("HELLO OCRPIPE 2026");
		}
	}

	@Test
	void closeEndsStalledCalls() throws Exception {
		GeminiEmulator stalling = GeminiEmulator.start(0);
		stalling.respondWith(Responders.fixed(Reply.stall(Duration.ofHours(1))));
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
				Client patient = client(stalling, null, 600_000)) {
			Future<?> call = threads.submit(() -> generate(patient));
			await().until(() -> stalling.callCount() == 1);

			stalling.close();

			await().until(call::isDone);
		}
	}

	private GenerateContentResponse generate(Client client) {
		return client.models.generateContent(MODEL,
				Content.fromParts(Part.fromBytes(PAGE, "image/png"), Part.fromText("Transcribe this page.")),
				GenerateContentConfig.builder().temperature(0f).build());
	}

	private Client client(String apiVersion, int timeoutMillis) {
		return client(this.emulator, apiVersion, timeoutMillis);
	}

	private static Client client(GeminiEmulator target, String apiVersion, int timeoutMillis) {
		// attempts(1) alone still sleeps the SDK's backoff (1 s and up) after a 408/429/5xx before
		// giving up; an empty status list makes it return the error at once
		HttpOptions.Builder options = HttpOptions.builder()
			.baseUrl(target.baseUrl().toString())
			.timeout(timeoutMillis)
			.retryOptions(HttpRetryOptions.builder().attempts(1).httpStatusCodes(List.of()).build());
		if (apiVersion != null) {
			options.apiVersion(apiVersion);
		}
		return Client.builder().apiKey("test-key").httpOptions(options.build()).build();
	}

	private String requestBody() {
		return "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\""
				+ Base64.getEncoder().encodeToString(PAGE) + "\"}},{\"text\":\"read\"}]}]}";
	}

	private HttpResponse<String> postGenerate(String body, String apiKey) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create(this.emulator.baseUrl() + "/v1beta/models/" + MODEL + ":generateContent"))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(body));
		if (apiKey != null) {
			request.header("x-goog-api-key", apiKey);
		}
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	private HttpResponse<String> send(String method, String path, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.emulator.baseUrl() + path))
			.header("Content-Type", "application/json")
			.method(method, (body != null) ? BodyPublishers.ofString(body) : BodyPublishers.noBody())
			.build();
		return this.http.send(request, BodyHandlers.ofString());
	}

}
