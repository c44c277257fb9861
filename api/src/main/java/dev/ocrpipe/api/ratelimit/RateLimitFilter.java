package dev.ocrpipe.api.ratelimit;

import java.io.IOException;
import java.security.Principal;
import java.util.Map;

import org.springframework.web.filter.OncePerRequestFilter;

import dev.ocrpipe.api.system.ApiProblem;
import dev.ocrpipe.api.system.ClientAddress;
import dev.ocrpipe.api.system.ProblemCode;
import dev.ocrpipe.api.system.ProblemWriter;
import dev.ocrpipe.api.system.RequestCredentials;
import dev.ocrpipe.api.system.RequestPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Applies the rate limits to requests, in one of two stages around the security filter chain:
 * before it, the authentication surfaces by client address (a login attempt has no principal, and
 * a security filter may answer it before MVC), and the requests with credentials that the chain
 * refuses; after it, everything else by the authenticated principal, or the client address when
 * there is none.
 */
class RateLimitFilter extends OncePerRequestFilter {

	static final String LIMIT = "RateLimit-Limit";

	static final String REMAINING = "RateLimit-Remaining";

	static final String RESET = "RateLimit-Reset";

	private final Stage stage;

	private final RateLimiter limiter;

	private final ClientAddress clients;

	private final ProblemWriter problems;

	private final int ipv6PrefixLength;

	private final VerifiedCredentials verified;

	RateLimitFilter(Stage stage, RateLimiter limiter, ClientAddress clients, ProblemWriter problems,
			int ipv6PrefixLength, VerifiedCredentials verified) {
		this.verified = verified;
		this.stage = stage;
		this.limiter = limiter;
		this.clients = clients;
		this.problems = problems;
		this.ipv6PrefixLength = ipv6PrefixLength;
	}

	@Override
	protected String getAlreadyFilteredAttributeName() {
		return RateLimitFilter.class.getName() + "." + this.stage + ".FILTERED";
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		// decoded, as security and MVC see it: /o%61uth2/... is an authentication surface too
		RouteClass routeClass = RouteClass.of(request.getMethod(), RequestPaths.of(request));
		if (routeClass == null) {
			chain.doFilter(request, response);
			return;
		}
		// bad tokens and bogus cookies cost the chain an HMAC and a lookup each, and its 401/403
		// would otherwise be counted nowhere: count them by the credential presented and by address,
		// and refuse here, before any lookup, a credential over its budget, and an address over its
		// budget unless the credential is one the chain recently verified (an office behind one NAT
		// keeps working while someone there sprays guesses)
		boolean credentials = this.stage == Stage.BEFORE_SECURITY && RequestCredentials.present(request);
		String credentialKey = null;
		String addressKey = null;
		if (credentials) {
			String fingerprint = RequestCredentials.fingerprint(request);
			credentialKey = "credential:" + fingerprint;
			addressKey = addressKey(request);
			SlidingWindow.Decision refusing = this.limiter.refusing(credentialKey);
			if (refusing == null && !this.verified.contains(fingerprint)) {
				refusing = this.limiter.refusing(addressKey);
			}
			if (refusing != null) {
				refuse(request, response, RouteClass.AUTH_FAILURES, refusing);
				return;
			}
		}
		if (this.stage.handles(routeClass)) {
			SlidingWindow.Decision decision = this.limiter.check(routeClass, key(request, routeClass));
			if (decision != null) {
				if (!decision.allowed()) {
					refuse(request, response, routeClass, decision);
					return;
				}
				headers(response, decision);
			}
		}
		chain.doFilter(request, response);
		if (credentials) {
			if (isRefusal(response.getStatus())) {
				this.limiter.countRefusal(addressKey);
				this.limiter.countRefusal(credentialKey);
			}
			else if (RequestCredentials.verified(request)) {
				this.verified.add(credentialKey.substring("credential:".length()));
			}
		}
	}

	private static boolean isRefusal(int status) {
		return status == HttpServletResponse.SC_UNAUTHORIZED || status == HttpServletResponse.SC_FORBIDDEN;
	}

	private static void headers(HttpServletResponse response, SlidingWindow.Decision decision) {
		response.setHeader(LIMIT, String.valueOf(decision.limit()));
		response.setHeader(REMAINING, String.valueOf(decision.remaining()));
		response.setHeader(RESET, String.valueOf(decision.resetSeconds()));
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, RouteClass routeClass,
			SlidingWindow.Decision decision) throws IOException {
		headers(response, decision);
		String what = (routeClass == RouteClass.AUTH_FAILURES) ? "refused requests with these credentials or from this address"
				: routeClass.tag() + " requests";
		ApiProblem problem = new ApiProblem(ProblemCode.RATE_LIMITED,
				"Too many " + what + "; at most " + decision.limit() + " per " + this.limiter.window().toSeconds()
						+ " s. Retry after " + decision.retryAfterSeconds() + " s.",
				Map.of("routeClass", routeClass.tag(), "limit", decision.limit(), "retryAfter",
						decision.retryAfterSeconds()));
		problem.getHeaders().set("Retry-After", String.valueOf(decision.retryAfterSeconds()));
		this.problems.write(request, response, problem);
	}

	private String key(HttpServletRequest request, RouteClass routeClass) {
		Principal principal = (routeClass != RouteClass.AUTH) ? request.getUserPrincipal() : null;
		if (principal != null && principal.getName() != null && !principal.getName().isEmpty()) {
			return "user:" + principal.getName();
		}
		return addressKey(request);
	}

	/** The client's address, or its IPv6 block: whoever holds a /64 gets one budget, not 2^64. */
	private String addressKey(HttpServletRequest request) {
		return "ip:" + ClientAddress.block(this.clients.of(request), this.ipv6PrefixLength);
	}

	/**
	 * Where a registration of this filter runs relative to Spring Security's filter chain.
	 */
	enum Stage {

		/** Only the authentication surfaces, always by client address. */
		BEFORE_SECURITY,

		/** Every other limited request, by principal when there is one. */
		AFTER_SECURITY;

		boolean handles(RouteClass routeClass) {
			if (routeClass == RouteClass.AUTH_FAILURES) {
				// counted by outcome, not by route: see doFilterInternal
				return false;
			}
			return (this == BEFORE_SECURITY) == (routeClass == RouteClass.AUTH);
		}

	}

}
