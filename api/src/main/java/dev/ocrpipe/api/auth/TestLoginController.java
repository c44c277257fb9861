package dev.ocrpipe.api.auth;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Profile;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.ocrpipe.api.system.ApiProblem;
import dev.ocrpipe.api.system.ProblemCode;
import dev.ocrpipe.api.system.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Logs in without an identity provider, for tests and the local stack: only when
 * {@code ocr.api.test-mode} is true, never in the {@code prod} profile (the bean does not exist,
 * so the route is a 404), and only for a caller that knows {@code ocr.api.auth.test-secret}. It
 * starts the very same session an OIDC login starts. The same caller may issue a one-time sign-in
 * link ({@link SignInLinks}), which a browser opens to start that session without knowing the
 * secret: how {@code ./run-local} signs a newcomer in.
 */
@RestController
@Profile("!prod")
@ConditionalOnBooleanProperty("ocr.api.test-mode")
class TestLoginController {

	static final String PATH = "/api/v1/auth/test-login";

	static final String SECRET_HEADER = "X-Test-Auth";

	static final String LINKS_PATH = "/api/v1/auth/sign-in-links";

	static final String LINK_PATH = "/api/v1/auth/sign-in-link";

	private static final Pattern SUBJECT = Pattern.compile(Identity.SUBJECT_PATTERN);

	private final AuthProperties properties;

	private final Sessions sessions;

	private final Admins admins;

	private final CsrfCookies csrf;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final SignInLinks links;

	TestLoginController(AuthProperties properties, Sessions sessions, Admins admins, CsrfCookies csrf,
			ApplicationEventPublisher events, Clock clock, MongoTemplate mongo) {
		if (properties.testSecret() == null || properties.testSecret().isBlank()) {
			throw new IllegalStateException("ocr.api.auth.test-secret (OCR_API_AUTH_TESTSECRET) must be set when "
					+ "ocr.api.test-mode (TEST_MODE) is true: it guards the test login");
		}
		this.properties = properties;
		this.sessions = sessions;
		this.admins = admins;
		this.csrf = csrf;
		this.events = events;
		this.clock = clock;
		this.links = new SignInLinks(mongo, clock);
	}

	@PostMapping(PATH)
	LoginAnswer login(@RequestHeader(name = SECRET_HEADER, required = false) String secret,
			@RequestBody(required = false) TestLogin body, HttpServletRequest request, HttpServletResponse response) {
		String subject = checkedSubject(secret, body, request);
		boolean admin = body != null && Boolean.TRUE.equals(body.admin());
		Identity identity = start(subject, admin, "test", request, response);
		String csrfToken = this.csrf.rotate(request, response);
		return new LoginAnswer(identity.subject(), identity.name(), identity.roles(), csrfToken);
	}

	/**
	 * A one-time sign-in link for the subject, for a browser: the caller proves the test secret,
	 * the browser only opens the link.
	 */
	@PostMapping(LINKS_PATH)
	ResponseEntity<LinkAnswer> issueLink(@RequestHeader(name = SECRET_HEADER, required = false) String secret,
			@RequestBody(required = false) TestLogin body, HttpServletRequest request) {
		String subject = checkedSubject(secret, body, request);
		SignInLinks.Issued issued = this.links.issue(subject, body != null && Boolean.TRUE.equals(body.admin()));
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(new LinkAnswer(LINK_PATH + "?code=" + issued.code(), issued.expiresAt()));
	}

	/**
	 * Redeems a sign-in link: a new session and a redirect to the app; a used, expired or unknown
	 * link redirects to the sign-in page with {@code login=failed}.
	 */
	@GetMapping(LINK_PATH)
	ResponseEntity<Void> redeemLink(@RequestParam(required = false) String code, HttpServletRequest request,
			HttpServletResponse response) {
		var link = this.links.redeem(code);
		if (link.isEmpty()) {
			this.events.publishEvent(new AuthEvent.LoginFailed(null, this.sessions.clientIp(request), RequestIds.of(request),
					this.clock.instant(), "link", "unknown, used or expired sign-in link"));
			return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create("/?login=failed")).build();
		}
		start(link.get().getString("subject"), Boolean.TRUE.equals(link.get().getBoolean("admin")), "link", request,
				response);
		this.csrf.rotate(request, response);
		return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create("/")).build();
	}

	private String checkedSubject(String secret, TestLogin body, HttpServletRequest request) {
		String subject = (body != null && body.subject() != null) ? body.subject() : this.properties.testUser();
		if (!Secrets.constantTimeEquals(this.properties.testSecret(), secret)) {
			this.events.publishEvent(new AuthEvent.LoginFailed(subject, this.sessions.clientIp(request), RequestIds.of(request),
					this.clock.instant(), "test", "missing or wrong " + SECRET_HEADER));
			ApiProblem problem = new ApiProblem(ProblemCode.UNAUTHENTICATED,
					"The test login needs the " + SECRET_HEADER + " header with the configured test secret.");
			throw problem;
		}
		if (!SUBJECT.matcher(subject).matches()) {
			throw new ApiProblem(ProblemCode.VALIDATION_FAILED, "The request has invalid fields.",
					Map.of("errors", List.of(Map.of("field", "subject", "message",
							"must be 1 to 128 letters, digits or . _ @ -"))));
		}
		return subject;
	}

	private Identity start(String subject, boolean admin, String method, HttpServletRequest request,
			HttpServletResponse response) {
		String name = subject.equals(this.properties.testUser()) ? this.properties.testUserName() : subject;
		Identity identity = new Identity(subject, name, null, this.admins.roles(subject, null, admin));
		this.sessions.start(identity, new Admins.Grounds(null, admin), method, request, response);
		return identity;
	}

	/**
	 * The optional body of a test login.
	 *
	 * @param subject who to log in as; {@code ocr.api.auth.test-user} when absent
	 * @param admin whether to get the ADMIN role
	 */
	record TestLogin(String subject, Boolean admin) {
	}

	/**
	 * Who is now logged in, and the CSRF token to echo in {@code X-XSRF-TOKEN} (also in the
	 * {@code XSRF-TOKEN} cookie).
	 */
	record LoginAnswer(String subject, String name, Set<String> roles, String csrfToken) {
	}

	/**
	 * A one-time sign-in link: the path to open (relative to the API's base URL) and when it stops
	 * working.
	 */
	record LinkAnswer(String path, Instant expiresAt) {
	}

}
