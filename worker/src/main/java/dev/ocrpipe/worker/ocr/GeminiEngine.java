package dev.ocrpipe.worker.ocr;

import java.io.InterruptedIOException;
import java.util.List;

import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.types.Candidate;
import com.google.genai.types.Content;
import com.google.genai.types.FinishReason;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.Part;
import com.google.genai.types.ThinkingConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ocrpipe.common.jobs.ErrorCode;

/**
 * Recognises pages with Gemini through the google-genai SDK. The SDK's own retries are off
 * ({@code attempts(1)}) so that retry layers don't multiply, and a timeout is always set.
 */
public class GeminiEngine implements OcrEngine {

	private static final Logger log = LoggerFactory.getLogger(GeminiEngine.class);

	/** Bump whenever {@link #SYSTEM_PROMPT} or {@link #USER_PROMPT} changes: it is stored on every page. */
	public static final String PROMPT_VERSION = "transcribe-v1";

	static final String SYSTEM_PROMPT = """
			You are an OCR engine. Transcribe all text visible in the page image exactly as written, \
			in natural reading order (for several columns: each column top to bottom, left to right). \
			Keep line breaks and paragraph breaks. Do not translate, correct, summarise, explain or \
			add anything. Render tables as rows of cells separated by " | ". Mark text you cannot read \
			as [illegible]. If the page has no text at all, answer with nothing.""";

	static final String USER_PROMPT = "Transcribe this page.";

	private final Client client;

	private final GeminiProperties properties;

	private final GenerateContentConfig config;

	public GeminiEngine(GeminiProperties properties) {
		this.properties = properties;
		HttpOptions.Builder http = HttpOptions.builder()
			.timeout(Math.toIntExact(properties.timeout().toMillis()))
			.retryOptions(HttpRetryOptions.builder().attempts(1).httpStatusCodes(List.of()).build());
		if (properties.baseUrl() != null) {
			http.baseUrl(properties.baseUrl().toString());
		}
		if (!properties.apiVersion().isBlank()) {
			http.apiVersion(properties.apiVersion());
		}
		this.client = Client.builder().apiKey(properties.apiKey()).httpOptions(http.build()).build();
		GenerateContentConfig.Builder config = GenerateContentConfig.builder()
			.systemInstruction(Content.fromParts(Part.fromText(SYSTEM_PROMPT)))
			.temperature(0f)
			.candidateCount(1)
			.maxOutputTokens(properties.maxOutputTokens());
		if (!properties.mediaResolution().isBlank()) {
			config.mediaResolution(properties.mediaResolution());
		}
		if (properties.thinkingBudget() >= 0) {
			config.thinkingConfig(ThinkingConfig.builder().thinkingBudget(properties.thinkingBudget()).build());
		}
		this.config = config.build();
	}

	@Override
	public String name() {
		return "gemini";
	}

	@Override
	public OcrResult recognise(PageImage page) {
		byte[] png = page.png();
		String sha256 = Hashes.sha256(png);
		Content content = Content.fromParts(Part.fromBytes(png, "image/png"), Part.fromText(USER_PROMPT));
		long started = System.nanoTime();
		GenerateContentResponse response;
		try {
			response = this.client.models.generateContent(this.properties.model(), content, this.config);
		}
		catch (ApiException ex) {
			throw logged(classify(ex));
		}
		catch (RuntimeException ex) {
			if (causedBy(ex, InterruptedIOException.class)) {
				throw logged(OcrFailure.transientFailure(ErrorCode.OCR_TIMEOUT,
						"Gemini did not answer within " + this.properties.timeout(), ex));
			}
			throw logged(OcrFailure.transientFailure(ErrorCode.OCR_UNAVAILABLE, "Gemini call failed: " + ex, ex));
		}
		long latencyMs = (System.nanoTime() - started) / 1_000_000;
		List<Candidate> candidates = response.candidates().orElse(List.of());
		if (candidates.isEmpty()) {
			String reason = response.promptFeedback()
				.flatMap((feedback) -> feedback.blockReason())
				.map(Object::toString)
				.orElse("no candidates");
			throw logged(OcrFailure.permanent(ErrorCode.OCR_REJECTED, "Gemini returned no answer (" + reason + ")"));
		}
		FinishReason finishReason = candidates.get(0).finishReason().orElse(null);
		String text = textOf(candidates.get(0));
		GenerateContentResponseUsageMetadata usage = response.usageMetadata().orElse(null);
		OcrResult.TokenUsage tokens = (usage != null) ? new OcrResult.TokenUsage(usage.promptTokenCount().orElse(0),
				usage.candidatesTokenCount().orElse(0), usage.totalTokenCount().orElse(0)) : OcrResult.TokenUsage.NONE;
		return new OcrResult(text, name(), this.properties.model(), response.modelVersion().orElse(null),
				PROMPT_VERSION, (finishReason != null) ? finishReason.toString() : null, tokens, latencyMs, sha256);
	}

	/**
	 * The candidate's text parts, thoughts left out. (The SDK's {@code response.text()} throws for
	 * finish reasons such as SAFETY, which we want to record, not crash on.)
	 */
	private static String textOf(Candidate candidate) {
		StringBuilder text = new StringBuilder();
		for (Part part : candidate.content().flatMap(Content::parts).orElse(List.of())) {
			if (!part.thought().orElse(false)) {
				part.text().ifPresent(text::append);
			}
		}
		return text.toString();
	}

	/**
	 * What Gemini said goes to the log, not to the page (it may name the cloud project or its quota):
	 * overload at debug, since the guard counts and retries it, anything else at warn.
	 */
	private static OcrFailure logged(OcrFailure failure) {
		if (failure.isOverload()) {
			log.debug("Gemini call failed: {}", failure.detail());
		}
		else {
			log.warn("Gemini call failed ({}): {}", failure.code(), failure.detail());
		}
		return failure;
	}

	private OcrFailure classify(ApiException ex) {
		int code = ex.code();
		String message = "Gemini answered " + code + " " + ex.status() + ": " + ex.message();
		return switch (code) {
			case 408, 429, 500, 502, 503, 504 -> new OcrFailure(ErrorCode.OCR_UNAVAILABLE, true, message,
					RetryHints.retryAfter(ex.message()), code, ex);
			// a wrong or revoked key fails every page the same way: say so, but let an operator fix
			// the key and retry the job rather than burning the page as permanently unreadable
			case 401, 403 -> new OcrFailure(ErrorCode.OCR_UNAVAILABLE, false, message, null, code, ex);
			default -> new OcrFailure(ErrorCode.OCR_REJECTED, false, message, null, code, ex);
		};
	}

	private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

}
