package dev.ocrpipe.api.auth;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
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
 * starts the very same session an OIDC login starts.
 */
@RestController
@Profile("!prod")
@ConditionalOnBooleanProperty("ocr.api.test-mode")
class TestLoginController {

	static final String PATH = "/api/v1/auth/test-login";

	static final String SECRET_HEADER = "X-Test-Auth";

	private static final Pattern SUBJECT = Pattern.compile(Identity.SUBJECT_PATTERN);

	private final AuthProperties properties;

	private final Sessions sessions;

	private final Admins admins;

	private final CsrfCookies csrf;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	TestLoginController(AuthProperties properties, Sessions sessions, Admins admins, CsrfCookies csrf,
			ApplicationEventPublisher events, Clock clock) {
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
	}

	@PostMapping(PATH)
	LoginAnswer login(@RequestHeader(name = SECRET_HEADER, required = false) String secret,
			@RequestBody(required = false) TestLogin body, HttpServletRequest request, HttpServletResponse response) {
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
		boolean admin = body != null && Boolean.TRUE.equals(body.admin());
		String name = subject.equals(this.properties.testUser()) ? this.properties.testUserName() : subject;
		Identity identity = new Identity(subject, name, null, this.admins.roles(subject, null, admin));
		this.sessions.start(identity, new Admins.Grounds(null, admin), "test", request, response);
		String csrfToken = this.csrf.rotate(request, response);
		return new LoginAnswer(identity.subject(), identity.name(), identity.roles(), csrfToken);
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

}
