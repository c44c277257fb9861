package dev.ocrpipe.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.awt.image.BufferedImage;

import javax.imageio.ImageIO;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.ocrpipe.api.auth.ApiTokens;
import dev.ocrpipe.api.auth.Identity;
import dev.ocrpipe.common.events.Topics;
import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.common.store.JobFields;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one application context all integration tests share (it is slow to start): the app on a
 * random port, a real embedded KRaft Kafka broker and an in-process Mongo-wire server. Limits are
 * set small so the error cases need only small bodies.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ocr.api.uploads.max-file-size=64KB", "ocr.api.uploads.max-request-size=160KB",
				"ocr.api.uploads.max-files=3", "ocr.api.dispatch.relay-interval=300ms",
				"ocr.api.dispatch.relay-min-age=2s", "ocr.api.kafka.job-submitted-partitions=2",
				"management.health.mongodb.enabled=false", "spring.kafka.consumer.auto-offset-reset=earliest",
				"ocr.api.live.heartbeat=1s", "ocr.api.live.catch-up=10m", "ocr.api.live.buffer=64",
				// streams check their caller's credential every second (StreamLimitsIT); the limit
				// leaves room for streams of earlier tests the server has not yet seen closed
				"ocr.api.live.recheck=1s", "ocr.api.live.max-streams-per-user=32",
				"ocr.api.admission.max-backlog-pages=" + IntegrationTestBase.MAX_BACKLOG, "ocr.api.admission.refresh=0s",
				"ocr.api.admission.retry-after=45s",
				"ocr.api.cors.allowed-origins=https://app.example.com", "ocr.api.test-mode=true",
				"ocr.api.auth.test-secret=" + IntegrationTestBase.TEST_SECRET, "ocr.api.auth.secure-cookie=false",
				"ocr.api.auth.admins=" + IntegrationTestBase.ADMIN + ",alice@example.com",
				// every test here comes from one address: budgets no test reaches (RateLimitIT runs
				// instances of its own with small ones)
				"ocr.api.rate-limit.upload=1000000", "ocr.api.rate-limit.write=1000000",
				"ocr.api.rate-limit.read=1000000", "ocr.api.rate-limit.auth=1000000",
				"ocr.api.rate-limit.auth-failures=1000000",
				// the test clients connect over loopback, as a load balancer would: X-Forwarded-For
				// names the client (SessionAuthIT checks the auth events take it)
				"ocr.api.client-address.trusted-proxies=127.0.0.1/32,::1/128",
				// slow bodies are cut off within seconds (RequestLimitsIT)
				"ocr.api.request-limits.min-body-rate=1KB", "ocr.api.request-limits.body-rate-window=1s",
				"ocr.api.request-limits.body-stall-timeout=2s",
				// exposed and told to show values, so SecretsIT proves secrets are masked anyway
				"management.endpoints.web.exposure.include=health,info,prometheus,configprops,env",
				"management.endpoint.configprops.show-values=ALWAYS", "management.endpoint.env.show-values=ALWAYS",
				// an environment-style secret of another program in the same environment (SecretsIT)
				"GOOGLE_API_KEY=" + IntegrationTestBase.ENV_STYLE_SECRET })
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@Import({ IntegrationTestBase.Probe.class, dev.ocrpipe.api.system.FailingEndpoint.class,
		dev.ocrpipe.api.system.EchoEndpoint.class })
public abstract class IntegrationTestBase {

	private static final MongoServer MONGO = new MongoServer(new MemoryBackend());

	private static final InetSocketAddress MONGO_ADDRESS = MONGO.bind();

	protected static final String OWNER = "local";

	/** A subject listed in {@code ocr.api.auth.admins}. */
	protected static final String ADMIN = "it-admin";

	/** {@code ocr.api.auth.test-secret} of the test context: what {@code X-Test-Auth} must say. */
	protected static final String TEST_SECRET = "it-test-secret";

	/** API tokens by subject and scopes, made once per test run through the real token service. */
	private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

	/** The value of {@code GOOGLE_API_KEY} in the test context: actuator must mask it. */
	protected static final String ENV_STYLE_SECRET = "AIzaSy-env-style-test-key-0099";

	/** Admission control's limit in tests: far above what the other tests leave queued. */
	protected static final int MAX_BACKLOG = 500;

	@LocalServerPort
	protected int port;

	@Autowired
	protected MongoTemplate mongo;

	@Autowired
	protected Probe probe;

	/**
	 * This context's own broker. Test code must not read {@code spring.kafka.bootstrap-servers}
	 * from the environment: {@code @EmbeddedKafka} publishes it as a system property, which the
	 * next context's broker overwrites (a class with its own properties, such as AdmissionIT,
	 * starts a second context), so a lookup could name another context's broker.
	 */
	@Autowired
	protected EmbeddedKafkaBroker kafkaBroker;

	@Autowired
	protected ApiTokens tokens;

	protected final JsonMapper json = JsonMapper.builder().build();

	protected RestClient http;

	/**
	 * Where the test OIDC provider listens once a test starts it ({@code OidcLoginIT}); the API is
	 * configured for it from the start, by explicit endpoints rather than {@code issuer-uri}, whose
	 * discovery would need the provider running before this context.
	 */
	protected static final int OIDC_PORT = freePort();

	@DynamicPropertySource
	static void mongo(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", () -> mongoUri("ocrpipe"));
		String registration = "spring.security.oauth2.client.registration.it.";
		registry.add(registration + "client-id", () -> "ocrpipe");
		registry.add(registration + "client-secret", () -> "it-client-secret");
		registry.add(registration + "authorization-grant-type", () -> "authorization_code");
		registry.add(registration + "redirect-uri", () -> "{baseUrl}/login/oauth2/code/{registrationId}");
		registry.add(registration + "scope", () -> "openid,profile,email");
		registry.add(registration + "provider", () -> "it");
		String provider = "spring.security.oauth2.client.provider.it.";
		String issuer = oidcIssuer();
		registry.add(provider + "authorization-uri", () -> issuer + "/oauth2/authorize");
		registry.add(provider + "token-uri", () -> issuer + "/oauth2/token");
		registry.add(provider + "jwk-set-uri", () -> issuer + "/oauth2/jwks");
		registry.add(provider + "user-info-uri", () -> issuer + "/userinfo");
		registry.add(provider + "user-name-attribute", () -> "sub");
	}

	/** The test OIDC provider's issuer (a loopback address: the provider refuses "localhost" redirects). */
	protected static String oidcIssuer() {
		return "http://127.0.0.1:" + OIDC_PORT;
	}

	private static int freePort() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The in-process Mongo-wire server's address for a database. */
	protected static String mongoUri(String database) {
		return "mongodb://" + MONGO_ADDRESS.getHostString() + ":" + MONGO_ADDRESS.getPort() + "/" + database;
	}

	@BeforeEach
	void client() {
		this.http = clientFor(OWNER);
	}

	/**
	 * An API token of {@code subject} with the given scopes (all when none are given), created once
	 * through the real token service; an {@link #ADMIN} token carries the ADMIN role.
	 */
	protected String tokenFor(String subject, String... scopes) {
		List<String> wanted = (scopes.length > 0) ? List.of(scopes) : List.of("jobs:read", "jobs:write");
		return TOKENS.computeIfAbsent(subject + " " + wanted, (key) -> {
			Set<String> roles = subject.equals(ADMIN) ? Set.of("USER", "ADMIN") : Set.of("USER");
			return this.tokens
				.create(new Identity(subject, subject, null, roles), new ApiTokens.TokenRequest("it", wanted, 2),
						"127.0.0.1", "it")
				.token();
		});
	}

	/** A client authenticated as {@code subject} by an API token with every scope. */
	protected RestClient clientFor(String subject) {
		return client(tokenFor(subject));
	}

	/** A client sending this API token. */
	protected RestClient client(String token) {
		return anonymous().mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token).build();
	}

	/**
	 * A client with the browser session of {@link #ADMIN}, logged in through the test login: ops
	 * views (the audit trail, actuator endpoints beyond the probes) need an admin's session. It
	 * sends no CSRF token, so it is for reads.
	 */
	protected RestClient adminSession() {
		return anonymous().mutate().defaultHeader(HttpHeaders.COOKIE, sessionCookie(ADMIN)).build();
	}

	/**
	 * Logs {@code subject} in through the test login; the {@code name=value} of its session
	 * cookie.
	 */
	protected String sessionCookie(String subject) {
		return sessionCookie(subject, false);
	}

	/**
	 * Logs {@code subject} in through the test login, with the ADMIN role if asked (the test
	 * login's own grant); the {@code name=value} of its session cookie.
	 */
	protected String sessionCookie(String subject, boolean admin) {
		ResponseEntity<String> login = anonymous().post()
			.uri("/api/v1/auth/test-login")
			.header("X-Test-Auth", TEST_SECRET)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"subject\":\"" + subject + "\"" + (admin ? ",\"admin\":true" : "") + "}")
			.retrieve()
			.toEntity(String.class);
		assertThat(login.getStatusCode().value()).isEqualTo(200);
		return login.getHeaders()
			.getOrEmpty(HttpHeaders.SET_COOKIE)
			.stream()
			.filter((cookie) -> cookie.startsWith("ocrpipe-session="))
			.map((cookie) -> cookie.split(";", 2)[0])
			.findFirst()
			.orElseThrow();
	}

	/** A client without credentials; no answer status throws. */
	protected RestClient anonymous() {
		return RestClient.builder()
			.baseUrl("http://localhost:" + this.port)
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	/** The {@code Authorization} header of {@link #OWNER}, for raw HTTP clients (SSE). */
	protected Map<String, String> authorization() {
		return authorization(OWNER);
	}

	protected Map<String, String> authorization(String subject) {
		return Map.of(HttpHeaders.AUTHORIZATION, "Bearer " + tokenFor(subject));
	}

	protected JsonNode body(ResponseEntity<String> response) {
		return this.json.readTree(response.getBody());
	}

	/**
	 * Waits for the {@code JobSubmitted} messages keyed by the given job id.
	 */
	protected List<ConsumerRecord<String, String>> awaitSubmitted(String jobId) {
		List<ConsumerRecord<String, String>> found = new ArrayList<>();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			found.clear();
			this.probe.records.stream().filter((r) -> jobId.equals(r.key())).forEach(found::add);
			assertThat(found).isNotEmpty();
		});
		return found;
	}

	protected Document job(String id) {
		return this.mongo.getCollection(Collections.JOBS).find(new Document(JobFields.ID, id)).first();
	}

	/**
	 * Posts a multipart upload.
	 */
	protected ResponseEntity<String> upload(String field, List<Part> files, Map<String, String> headers) {
		MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
		for (Part file : files) {
			HttpHeaders partHeaders = new HttpHeaders();
			partHeaders.setContentDisposition(ContentDisposition.formData().name(field).filename(file.name()).build());
			if (file.type() != null) {
				partHeaders.setContentType(file.type());
			}
			body.add(field, new HttpEntity<>(file.content(), partHeaders));
		}
		return this.http.post()
			.uri("/api/v1/jobs")
			.headers((h) -> headers.forEach(h::set))
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.body(body)
			.retrieve()
			.toEntity(String.class);
	}

	protected ResponseEntity<String> upload(Part... files) {
		return upload("file", List.of(files), Map.of());
	}

	protected static Part part(String name, byte[] content, MediaType type) {
		return new Part(name, content, type);
	}

	/**
	 * One file of a multipart upload; a null type sends none.
	 */
	protected record Part(String name, byte[] content, MediaType type) {
	}

	/**
	 * Inserts a job document as the worker would have left it.
	 */
	protected String insertJob(String owner, String status, int total, int done, int skipped, int failed,
			Map<String, Object> extra) {
		String id = new ObjectId().toHexString();
		Date created = Date.from(Instant.now().minusSeconds(60));
		Document job = new Document(JobFields.ID, id).append(JobFields.STATUS, status)
			.append(JobFields.OWNER, owner)
			.append(JobFields.FILENAME, "scan.pdf")
			.append(JobFields.TYPE, "PDF")
			.append(JobFields.SIZE_BYTES, 1234L)
			.append(JobFields.SHA256, "ab".repeat(32))
			.append(JobFields.UPLOAD_ID, new ObjectId().toHexString())
			.append(JobFields.COUNTS,
					new Document("total", total).append("done", done).append("skipped", skipped).append("failed", failed))
			.append(JobFields.USAGE, new Document("prompt", 10L).append("output", 5L).append("total", 15L))
			.append(JobFields.ENGINES, List.of("gemini"))
			.append(JobFields.EVENT_SEQ, 0L)
			.append(JobFields.REQUEST_ID, "seeded")
			.append(JobFields.CREATED_AT, created)
			.append(JobFields.UPDATED_AT, created)
			.append(JobFields.DISPATCHED_AT, created)
			.append(JobFields.DISPATCH_ATTEMPTS, 1);
		extra.forEach(job::append);
		this.mongo.getCollection(Collections.JOBS).insertOne(job);
		return id;
	}

	protected static byte[] pdf(int pages) {
		try (PDDocument document = new PDDocument()) {
			for (int i = 0; i < pages; i++) {
				document.addPage(new PDPage());
			}
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			document.save(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	protected static byte[] image(String format) {
		BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
		image.getGraphics().drawString("hi", 5, 20);
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			assertThat(ImageIO.write(image, format, out)).isTrue();
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A test consumer of the {@code JobSubmitted} and job-events topics that keeps every record it
	 * sees.
	 */
	public static class Probe {

		public final ConcurrentLinkedQueue<ConsumerRecord<String, String>> records = new ConcurrentLinkedQueue<>();

		public final ConcurrentLinkedQueue<ConsumerRecord<String, String>> events = new ConcurrentLinkedQueue<>();

		@KafkaListener(topics = Topics.JOB_SUBMITTED, groupId = "it-probe")
		void on(ConsumerRecord<String, String> record) {
			this.records.add(record);
		}

		@KafkaListener(topics = Topics.JOB_EVENTS, groupId = "it-probe-events")
		void onEvent(ConsumerRecord<String, String> record) {
			this.events.add(record);
		}

	}

}
