package dev.ocrpipe.api.auth;

import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import dev.ocrpipe.api.system.ProblemWriter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The one security filter chain of the API. It runs after the security headers, request id and
 * CORS filters (registered earlier, see {@code WebSecurityConfiguration}), so its 401/403 answers
 * carry them. Sessions come from MongoDB, never from an {@code HttpSession}; API tokens from
 * {@code Authorization: Bearer}; OIDC login is on only when a client registration is configured.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/** Routes only a browser session may use: an API token cannot mint tokens or log out a session. */
	static final List<String> SESSION_ONLY = List.of("/api/v1/tokens", "/api/v1/auth/logout");

	/**
	 * Ops views: only an admin's browser session may use them, never an API token (not even an
	 * admin's, whatever its scopes), so a leaked token cannot read the trail or change loggers.
	 */
	static final List<String> OPS_VIEWS = List.of("/actuator", "/api/v1/audit", "/api/v1/ops");

	@Bean
	CsrfCookies csrfCookies(AuthProperties properties) {
		return new CsrfCookies(properties.secureCookie());
	}

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, AuthProperties properties, Sessions sessions, ApiTokens tokens,
			CsrfCookies csrf, ProblemWriter problemWriter, Admins admins, ApplicationEventPublisher events, Clock clock,
			MongoTemplate mongo, ObjectProvider<ClientRegistrationRepository> registrations) throws Exception {
		AuthProblems problems = new AuthProblems(problemWriter, sessions);
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		RequestMatcher testLogin = paths.matcher(HttpMethod.POST, TestLoginController.PATH);
		RequestMatcher issueLink = paths.matcher(HttpMethod.POST, TestLoginController.LINKS_PATH);
		RequestMatcher redeemLink = paths.matcher(HttpMethod.GET, TestLoginController.LINK_PATH);
		http.securityContext((context) -> context.securityContextRepository(new SessionContextRepository(sessions)))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.requestCache(new NullRequestCache()))
			// SecurityHeadersFilter and CorsPolicyFilter do these before the chain, on every response
			.headers(AbstractHttpConfigurer::disable)
			.cors(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			// cookie-authenticated writes need the token; a bearer request carries no ambient
			// credential, a request without a session cookie has none to abuse, and the test login
			// is guarded by a header a cross-site page cannot send. The token is read from the header
			// only: a parameter fallback would make Tomcat read a whole multipart body before the 403
			.csrf((c) -> c.csrfTokenRepository(csrf.repository())
				.csrfTokenRequestHandler(new HeaderCsrfTokenRequestHandler())
				.ignoringRequestMatchers(BearerTokenFilter::isBearer, (request) -> !sessions.hasCookie(request),
						testLogin, issueLink))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.addFilterAfter(new BearerTokenFilter(tokens, problems), SecurityContextHolderFilter.class)
			.authorizeHttpRequests((requests) -> requests
				// the request was authorized when it came in; an SSE stream's completion or an
				// error page must not be refused half-way
				.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
				.permitAll()
				// the test login and its one-time links (absent outside test mode: 404)
				.requestMatchers(testLogin, issueLink, redeemLink)
				.permitAll()
				// probes and the in-cluster Prometheus scrape, as before authentication existed
				.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus")
				.permitAll()
				.requestMatchers("/api/v1/tokens", "/api/v1/tokens/**", "/api/v1/auth/logout")
				.hasAuthority(AuthenticatedUser.SESSION_AUTHORITY)
				.requestMatchers(HttpMethod.GET, "/api/v1/me")
				.authenticated()
				// the trail answers anyone but an admin with the 404 of an unknown path; an admin
				// gets there only with a browser session
				.requestMatchers("/api/v1/audit", "/api/v1/audit/**")
				.access(AuthorizationManagers.allOf(AuthorityAuthorizationManager.hasAuthority(Scope.JOBS_READ.authority()),
						SecurityConfiguration::noAdminToken))
				// the ops numbers: an admin's browser session only (a user's session gets 403)
				.requestMatchers("/api/v1/ops", "/api/v1/ops/**")
				.access(AuthorizationManagers.allOf(AuthorityAuthorizationManager.hasRole(Identity.ADMIN),
						AuthorityAuthorizationManager.hasAuthority(AuthenticatedUser.SESSION_AUTHORITY)))
				.requestMatchers(HttpMethod.GET, "/api/**")
				.hasAuthority(Scope.JOBS_READ.authority())
				.requestMatchers(HttpMethod.HEAD, "/api/**")
				.hasAuthority(Scope.JOBS_READ.authority())
				.requestMatchers("/api/**")
				.hasAuthority(Scope.JOBS_WRITE.authority())
				// any other actuator endpoint an operator exposes (env, configprops, loggers …) is an
				// ops view: an admin's browser session only
				.requestMatchers("/actuator/**")
				.access(AuthorizationManagers.allOf(AuthorityAuthorizationManager.hasRole(Identity.ADMIN),
						AuthorityAuthorizationManager.hasAuthority(AuthenticatedUser.SESSION_AUTHORITY)))
				// the single-page app's files and anything else outside the API
				.anyRequest()
				.permitAll());
		ClientRegistrationRepository clients = registrations.getIfAvailable();
		if (clients != null) {
			OidcLogin login = new OidcLogin(sessions, admins, csrf, events, clock);
			DefaultOAuth2AuthorizationRequestResolver resolver = new DefaultOAuth2AuthorizationRequestResolver(clients,
					"/oauth2/authorization");
			// PKCE for confidential clients too: a stolen authorization code is useless without the verifier
			resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
			http.oauth2Login((oauth2) -> oauth2
				.authorizationEndpoint((endpoint) -> endpoint.authorizationRequestResolver(resolver)
					.authorizationRequestRepository(new LoginRequests(mongo, clock, properties.secureCookie())))
				.authorizedClientRepository(new NoAuthorizedClients())
				.successHandler(login)
				.failureHandler(login));
		}
		return http.build();
	}

	/** Refuses an admin's API token; anyone else passes (and a non-admin is answered 404 by the view). */
	private static AuthorizationResult noAdminToken(Supplier<? extends Authentication> authentication,
			RequestAuthorizationContext context) {
		boolean adminToken = authentication.get() instanceof UserAuthentication user && user.getPrincipal().ownerIsAdmin()
				&& user.getPrincipal().method() == AuthenticatedUser.Method.TOKEN;
		return new AuthorizationDecision(!adminToken);
	}

	static boolean isRead(HttpServletRequest request) {
		return HttpMethod.GET.matches(request.getMethod()) || HttpMethod.HEAD.matches(request.getMethod());
	}

	/**
	 * The provider's access token is needed only to finish the login, so it is not kept (the
	 * default keeps every user's in memory, forever).
	 */
	static final class NoAuthorizedClients implements OAuth2AuthorizedClientRepository {

		@Override
		public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String clientRegistrationId,
				org.springframework.security.core.Authentication principal, HttpServletRequest request) {
			return null;
		}

		@Override
		public void saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient,
				org.springframework.security.core.Authentication principal, HttpServletRequest request,
				HttpServletResponse response) {
		}

		@Override
		public void removeAuthorizedClient(String clientRegistrationId,
				org.springframework.security.core.Authentication principal, HttpServletRequest request,
				HttpServletResponse response) {
		}

	}

}
