package dev.ocrpipe.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ocrpipe.tesseract.TesseractReader;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local HTTP server that answers Gemini's {@code generateContent} REST calls, so the real
 * google-genai client can be tested against scripted replies, errors, latency and stalls.
 *
 * <p>
 * Point the client at it with {@code HttpOptions.builder().baseUrl(emulator.baseUrl().toString())}.
 * It accepts {@code POST /{v1|v1beta|v1alpha}/models/{model}:generateContent} with an
 * {@code x-goog-api-key} header and at least one inline image, and answers in Gemini's shape
 * with a {@code modelVersion} that names the emulator. Tests script it in-process
 * ({@link #respondWith}, {@link #faults}) or, from another process, over HTTP:
 * {@code GET /emulator/calls}, {@code POST /emulator/reset}, {@code PUT /emulator/faults},
 * {@code PUT /emulator/reply}.
 */
public final class GeminiEmulator implements AutoCloseable {

	/** The text answered when no responder is set and no Tesseract reader was given. */
	public static final String DEFAULT_TEXT = "emulator: no reply configured";

	/** Requests larger than this are refused, like Gemini's 20 MB inline-data limit. */
	static final int MAX_REQUEST_BYTES = 24 * 1024 * 1024;

	/** Calls kept for {@link #calls()}. */
	static final int CALL_HISTORY = 10_000;

	/** Calls that keep their image bytes; older ones keep only the hash. */
	static final int CALLS_WITH_IMAGES = 100;

	/** Tokens Gemini counts for one image at default media resolution. */
	static final int TOKENS_PER_IMAGE = 258;

	private static final System.Logger log = System.getLogger(GeminiEmulator.class.getName());

	private static final Pattern GENERATE = Pattern
		.compile("^/(v1|v1beta|v1alpha)/models/([^/:]+):generateContent$");

	private final JsonMapper json = JsonMapper.builder().build();

	private final Clock clock = Clock.systemUTC();

	private final HttpServer server;

	private final ExecutorService executor;

	private final URI baseUrl;

	private final TesseractReader reader;

	private final Responder defaultResponder;

	private final CountDownLatch closing = new CountDownLatch(1);

	private final AtomicInteger seq = new AtomicInteger();

	private final Object historyLock = new Object();

	private final List<Call> history = new ArrayList<>();

	private volatile Responder responder;

	private volatile Faults faults = Faults.none();

	private volatile Random random = new Random();

	private GeminiEmulator(HttpServer server, ExecutorService executor, TesseractReader reader) {
		this.server = server;
		this.executor = executor;
		this.reader = reader;
		this.defaultResponder = (reader != null) ? Responders.tesseract(reader)
				: Responders.fixed(Reply.text(DEFAULT_TEXT));
		this.responder = this.defaultResponder;
		InetSocketAddress bound = server.getAddress();
		InetAddress address = bound.getAddress();
		String host = (address.isAnyLocalAddress() || address.isLoopbackAddress()) ? "127.0.0.1"
				: address.getHostAddress();
		if (host.contains(":")) {
			host = "[" + host + "]";
		}
		this.baseUrl = URI.create("http://" + host + ":" + bound.getPort());
	}

	/**
	 * Starts an emulator on the loopback interface that answers {@value #DEFAULT_TEXT} until
	 * told otherwise.
	 * @param port the port, or 0 for a free one
	 * @return the running emulator
	 * @throws UncheckedIOException if the port cannot be bound
	 */
	public static GeminiEmulator start(int port) {
		return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), null);
	}

	/**
	 * Starts an emulator on the loopback interface whose default answer is a real Tesseract
	 * reading of the image (demo mode).
	 * @param port the port, or 0 for a free one
	 * @param reader the reader for the default responder (not closed by the emulator)
	 * @return the running emulator
	 * @throws UncheckedIOException if the port cannot be bound
	 */
	public static GeminiEmulator start(int port, TesseractReader reader) {
		return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), reader);
	}

	/**
	 * Starts an emulator on any address, for example all interfaces inside a container.
	 * @param address the address to bind
	 * @param reader the reader for the default responder, or {@code null} to answer
	 * {@value #DEFAULT_TEXT}
	 * @return the running emulator
	 * @throws UncheckedIOException if the address cannot be bound
	 */
	public static GeminiEmulator start(InetSocketAddress address, TesseractReader reader) {
		Objects.requireNonNull(address, "address");
		HttpServer server;
		try {
			server = HttpServer.create(address, 256);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot bind the Gemini emulator to " + address, ex);
		}
		ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
		GeminiEmulator emulator = new GeminiEmulator(server, executor, reader);
		server.setExecutor(executor);
		server.createContext("/", emulator::handle);
		server.start();
		log.log(Level.INFO, "Gemini emulator listening on {0}", emulator.baseUrl);
		return emulator;
	}

	/**
	 * Returns the base URL to give the google-genai client (no trailing slash).
	 * @return for example {@code http://127.0.0.1:8090}
	 */
	public URI baseUrl() {
		return this.baseUrl;
	}

	/**
	 * Sets how the emulator answers from now on.
	 * @param responder the responder
	 */
	public void respondWith(Responder responder) {
		this.responder = Objects.requireNonNull(responder, "responder");
	}

	/**
	 * Injects random faults before the responder, drawn from an unseeded random source.
	 * @param faults the faults, or {@link Faults#none()}
	 */
	public void faults(Faults faults) {
		faults(faults, new Random().nextLong());
	}

	/**
	 * Injects random faults before the responder, drawn from a seeded random source so a run can
	 * be repeated (the order of concurrent calls still varies).
	 * @param faults the faults, or {@link Faults#none()}
	 * @param seed the seed
	 */
	public void faults(Faults faults, long seed) {
		Objects.requireNonNull(faults, "faults");
		this.random = new Random(seed);
		this.faults = faults;
	}

	/**
	 * Returns the calls received since start or the last reset, oldest first (at most the latest
	 * {@value #CALL_HISTORY}; only the latest {@value #CALLS_WITH_IMAGES} keep their image bytes).
	 * @return a snapshot
	 */
	public List<Call> calls() {
		synchronized (this.historyLock) {
			return List.copyOf(this.history);
		}
	}

	/**
	 * Returns how many {@code generateContent} calls arrived since start or the last reset,
	 * including those answered with an injected fault.
	 * @return the count
	 */
	public int callCount() {
		return this.seq.get();
	}

	/**
	 * Clears the calls, restores the default responder and removes all faults, so each test
	 * starts from the same state.
	 */
	public void reset() {
		synchronized (this.historyLock) {
			this.history.clear();
			this.seq.set(0);
		}
		this.faults = Faults.none();
		this.responder = this.defaultResponder;
	}

	/**
	 * Stops the server; calls that are being delayed or stalled end at once.
	 */
	@Override
	public void close() {
		this.closing.countDown();
		this.server.stop(0);
		this.executor.shutdownNow();
		try {
			if (!this.executor.awaitTermination(5, TimeUnit.SECONDS)) {
				log.log(Level.WARNING, "Gemini emulator requests still running after close");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void handle(HttpExchange exchange) {
		try {
			String path = exchange.getRequestURI().getRawPath();
			String method = exchange.getRequestMethod();
			Matcher generate = GENERATE.matcher(path);
			if (generate.matches()) {
				requireMethod(method, "POST");
				generate(exchange, generate.group(1), URLDecoder.decode(generate.group(2), StandardCharsets.UTF_8));
				return;
			}
			switch (path) {
				case "/emulator/calls" -> {
					requireMethod(method, "GET");
					sendJson(exchange, 200, callsJson());
				}
				case "/emulator/reset" -> {
					requireMethod(method, "POST");
					reset();
					sendJson(exchange, 200, this.json.createObjectNode().put("reset", true));
				}
				case "/emulator/faults" -> {
					requireMethod(method, "PUT");
					faultsFromJson(readJson(exchange));
					sendJson(exchange, 200, this.json.createObjectNode().put("faults", this.faults.toString()));
				}
				case "/emulator/reply" -> {
					requireMethod(method, "PUT");
					replyFromJson(readJson(exchange));
					sendJson(exchange, 200, this.json.createObjectNode().put("reply", "set"));
				}
				default -> throw new Refusal(404, "Requested entity was not found: " + path);
			}
		}
		catch (Refusal refusal) {
			sendError(exchange, refusal.status, refusal.getMessage(), null);
		}
		catch (IOException ex) {
			log.log(Level.DEBUG, "Gemini emulator could not answer: {0}", ex.toString());
		}
		catch (RuntimeException ex) {
			log.log(Level.WARNING, "Gemini emulator failed on " + exchange.getRequestURI(), ex);
			sendError(exchange, 500, "Internal error in gemini-emulator: " + ex, null);
		}
		finally {
			exchange.close();
		}
	}

	private void generate(HttpExchange exchange, String apiVersion, String model) throws IOException {
		String apiKey = exchange.getRequestHeaders().getFirst("x-goog-api-key");
		if (apiKey == null || apiKey.isBlank()) {
			apiKey = queryParameter(exchange.getRequestURI(), "key");
		}
		if (apiKey == null || apiKey.isBlank()) {
			throw new Refusal(401, "Method doesn't allow unregistered callers. Please use an API key (x-goog-api-key).");
		}
		Call call = parse(readJson(exchange), apiVersion, model, apiKey);
		record(call);
		Faults active = this.faults;
		if (!pause(active.latency())) {
			return;
		}
		Reply reply = injectedFault(active);
		if (reply == null) {
			try {
				reply = Objects.requireNonNull(this.responder.reply(call), "the responder returned null");
			}
			catch (RuntimeException ex) {
				log.log(Level.WARNING, "Responder failed on call " + call.seq(), ex);
				reply = Reply.error(500, "An internal error has occurred (responder failed: " + ex + ")");
			}
		}
		if (!pause(reply.delay())) {
			return;
		}
		switch (reply) {
			case Reply.Text text -> sendJson(exchange, 200, answer(call, text));
			case Reply.Failure failure -> sendError(exchange, failure.status(), failure.message(), failure.retryAfter());
			case Reply.Stall stall -> {
				if (pause(stall.hold())) {
					sendError(exchange, 503, "The model is overloaded. Please try again later.", null);
				}
			}
		}
	}

	private Reply injectedFault(Faults active) {
		if (!active.random()) {
			return null;
		}
		double draw = this.random.nextDouble();
		if (draw < active.rate429()) {
			return Reply.rateLimited(active.retryAfter());
		}
		draw -= active.rate429();
		if (draw < active.rate503()) {
			return Reply.error(503, "The model is overloaded. Please try again later.");
		}
		draw -= active.rate503();
		if (draw < active.rateStall()) {
			return Reply.stall(active.stall());
		}
		return null;
	}

	private Call parse(JsonNode body, String apiVersion, String model, String apiKey) {
		JsonNode contents = body.path("contents");
		if (!contents.isArray() || contents.isEmpty()) {
			throw new Refusal(400, "* GenerateContentRequest.contents: contents is not specified");
		}
		List<String> texts = new ArrayList<>();
		String mimeType = null;
		byte[] image = null;
		for (JsonNode content : contents) {
			for (JsonNode part : content.path("parts")) {
				JsonNode text = part.path("text");
				if (text.isString()) {
					texts.add(text.stringValue());
				}
				JsonNode inline = either(part, "inlineData", "inline_data");
				if (image == null && inline.isObject()) {
					mimeType = either(inline, "mimeType", "mime_type").asString(null);
					try {
						image = Base64.getDecoder().decode(inline.path("data").asString(""));
					}
					catch (IllegalArgumentException ex) {
						throw new Refusal(400, "Invalid value at 'contents.parts.inline_data.data': not base64");
					}
				}
			}
		}
		if (image == null || image.length == 0) {
			throw new Refusal(400, "The request has no inline image (gemini-emulator reads one image per call)");
		}
		JsonNode systemNode = either(body, "systemInstruction", "system_instruction");
		String system = null;
		if (systemNode.isObject()) {
			List<String> systemTexts = new ArrayList<>();
			for (JsonNode part : systemNode.path("parts")) {
				if (part.path("text").isString()) {
					systemTexts.add(part.path("text").stringValue());
				}
			}
			system = String.join("\n", systemTexts);
		}
		else if (systemNode.isString()) {
			system = systemNode.stringValue();
		}
		JsonNode config = either(body, "generationConfig", "generation_config");
		String generationConfig = config.isObject() ? this.json.writeValueAsString(config) : null;
		return new Call(this.seq.incrementAndGet(), model, apiVersion, apiKey, String.join("\n", texts), system, mimeType,
				image, sha256(image), this.clock.instant(), generationConfig);
	}

	private void record(Call call) {
		synchronized (this.historyLock) {
			this.history.add(call);
			int size = this.history.size();
			if (size > CALLS_WITH_IMAGES) {
				int old = size - CALLS_WITH_IMAGES - 1;
				this.history.set(old, this.history.get(old).withoutImage());
			}
			if (size > CALL_HISTORY + CALL_HISTORY / 10) {
				this.history.subList(0, size - CALL_HISTORY).clear();
			}
		}
	}

	private ObjectNode answer(Call call, Reply.Text text) {
		int promptTokens = TOKENS_PER_IMAGE + tokens(call.prompt())
				+ ((call.systemInstruction() != null) ? tokens(call.systemInstruction()) : 0);
		int outputTokens = tokens(text.text());
		ObjectNode root = this.json.createObjectNode();
		ObjectNode candidate = root.putArray("candidates").addObject();
		ObjectNode content = candidate.putObject("content");
		content.put("role", "model");
		content.putArray("parts").addObject().put("text", text.text());
		candidate.put("finishReason", text.finishReason());
		candidate.put("index", 0);
		ObjectNode usage = root.putObject("usageMetadata");
		usage.put("promptTokenCount", promptTokens);
		usage.put("candidatesTokenCount", outputTokens);
		usage.put("totalTokenCount", promptTokens + outputTokens);
		root.put("modelVersion", "gemini-emulator (" + call.model() + ")");
		root.put("responseId", "emu-" + call.seq() + "-" + call.imageSha256().substring(0, 12));
		return root;
	}

	/** Roughly four characters per token, rounded up, as Google's own rule of thumb. */
	static int tokens(String text) {
		return (text.length() + 3) / 4;
	}

	private ObjectNode callsJson() {
		List<Call> calls = calls();
		ObjectNode root = this.json.createObjectNode();
		root.put("count", callCount());
		ArrayNode list = root.putArray("calls");
		for (Call call : calls) {
			ObjectNode node = list.addObject();
			node.put("seq", call.seq());
			node.put("model", call.model());
			node.put("apiVersion", call.apiVersion());
			node.put("apiKeySet", call.apiKey() != null && !call.apiKey().isBlank());
			node.put("prompt", call.prompt());
			node.put("systemInstruction", call.systemInstruction());
			node.put("mimeType", call.mimeType());
			if (call.image() != null) {
				node.put("imageBytes", call.image().length);
			}
			node.put("imageSha256", call.imageSha256());
			node.put("receivedAt", call.receivedAt().toString());
			if (call.generationConfig() != null) {
				node.set("generationConfig", this.json.readTree(call.generationConfig()));
			}
		}
		return root;
	}

	private void faultsFromJson(JsonNode body) {
		Faults parsed;
		try {
			parsed = new Faults(duration(body, "latency"), body.path("rate429").asDouble(0), duration(body, "retryAfter"),
					body.path("rate503").asDouble(0), body.path("rateStall").asDouble(0), duration(body, "stall"));
		}
		catch (IllegalArgumentException ex) {
			throw new Refusal(400, ex.getMessage());
		}
		if (body.path("seed").isNumber()) {
			faults(parsed, body.path("seed").asLong());
		}
		else {
			faults(parsed);
		}
	}

	private void replyFromJson(JsonNode body) {
		String mode = body.path("mode").asString(null);
		Reply reply;
		if (mode != null) {
			switch (mode) {
				case "default" -> this.responder = this.defaultResponder;
				case "tesseract" -> {
					if (this.reader == null) {
						throw new Refusal(409, "This emulator was started without a Tesseract reader");
					}
					this.responder = Responders.tesseract(this.reader);
				}
				default -> throw new Refusal(400, "Unknown mode '" + mode + "' (use tesseract or default)");
			}
			return;
		}
		try {
			if (body.path("status").isNumber()) {
				reply = Reply.error(body.path("status").asInt(), body.path("message").asString("injected error"),
						duration(body, "retryAfter"));
			}
			else if (body.path("text").isString()) {
				reply = Reply.text(body.path("text").stringValue(), body.path("finishReason").asString("STOP"));
			}
			else {
				throw new Refusal(400,
						"Expected {\"text\":…,\"finishReason\":…}, {\"status\":…,\"message\":…} or {\"mode\":…}");
			}
			reply = reply.withDelay(duration(body, "delay"));
		}
		catch (IllegalArgumentException ex) {
			throw new Refusal(400, ex.getMessage());
		}
		this.responder = Responders.fixed(reply);
	}

	/** A duration as ISO-8601 text ({@code "PT0.5S"}) or a number of milliseconds. */
	private static Duration duration(JsonNode body, String field) {
		JsonNode node = body.path(field);
		if (node.isNumber()) {
			return Duration.ofMillis(node.asLong());
		}
		if (node.isString()) {
			try {
				return Duration.parse(node.stringValue());
			}
			catch (RuntimeException ex) {
				throw new Refusal(400, field + " must be an ISO-8601 duration such as PT0.5S or milliseconds");
			}
		}
		return null;
	}

	private JsonNode readJson(HttpExchange exchange) throws IOException {
		byte[] body;
		try (InputStream in = exchange.getRequestBody()) {
			body = in.readNBytes(MAX_REQUEST_BYTES + 1);
		}
		if (body.length > MAX_REQUEST_BYTES) {
			throw new Refusal(413, "Request payload size exceeds the limit: " + MAX_REQUEST_BYTES + " bytes.");
		}
		try {
			JsonNode node = this.json.readTree(body);
			if (node == null || !node.isObject()) {
				throw new Refusal(400, "Invalid JSON payload received. Expected an object.");
			}
			return node;
		}
		catch (JacksonException ex) {
			throw new Refusal(400, "Invalid JSON payload received. " + ex.getOriginalMessage());
		}
	}

	private void sendJson(HttpExchange exchange, int status, JsonNode body) {
		send(exchange, status, this.json.writeValueAsBytes(body));
	}

	private void sendError(HttpExchange exchange, int status, String message, Duration retryAfter) {
		ObjectNode root = this.json.createObjectNode();
		ObjectNode error = root.putObject("error");
		error.put("code", status);
		error.put("message", message);
		error.put("status", GoogleErrors.status(status));
		if (retryAfter != null) {
			error.putArray("details")
				.addObject()
				.put("@type", "type.googleapis.com/google.rpc.RetryInfo")
				.put("retryDelay", GoogleErrors.seconds(retryAfter) + "s");
			exchange.getResponseHeaders().set("Retry-After", Long.toString(GoogleErrors.wholeSeconds(retryAfter)));
		}
		send(exchange, status, this.json.writeValueAsBytes(root));
	}

	private void send(HttpExchange exchange, int status, byte[] body) {
		try {
			exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
			exchange.sendResponseHeaders(status, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
		catch (IOException ex) {
			// the client gave up (timeout) or the emulator is closing: nobody to answer
			log.log(Level.DEBUG, "Gemini emulator could not answer: {0}", ex.toString());
		}
	}

	/** Waits on the closing signal; returns {@code false} if the emulator closed meanwhile. */
	private boolean pause(Duration duration) {
		if (duration.isZero()) {
			return true;
		}
		try {
			return !this.closing.await(duration.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static void requireMethod(String actual, String expected) {
		if (!expected.equalsIgnoreCase(actual)) {
			throw new Refusal(405, "Method " + actual + " not allowed here; use " + expected);
		}
	}

	private static JsonNode either(JsonNode node, String camel, String snake) {
		JsonNode value = node.path(camel);
		return value.isMissingNode() ? node.path(snake) : value;
	}

	private static String queryParameter(URI uri, String name) {
		String query = uri.getRawQuery();
		if (query == null) {
			return null;
		}
		for (String pair : query.split("&")) {
			int eq = pair.indexOf('=');
			if (eq > 0 && pair.substring(0, eq).equals(name)) {
				return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
			}
		}
		return null;
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	/** A request the emulator refuses, answered in Google's error shape. */
	private static final class Refusal extends RuntimeException {

		private final int status;

		Refusal(int status, String message) {
			super(message, null, false, false);
			this.status = status;
		}

	}

}
