package dev.ocrpipe.api.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.bson.types.ObjectId;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import dev.ocrpipe.api.system.ApiProblem;
import dev.ocrpipe.api.system.ProblemCode;

/**
 * Personal API tokens: created by a logged-in user for scripts and CI, shown once, stored only as
 * an HMAC under the server secret, limited in number and lifetime, revocable, and checked on
 * every request that presents one.
 */
@Service
public class ApiTokens {

	/** Every token starts with this, so that secret scanners and people recognise one. */
	static final String PREFIX = "ocp_";

	private static final int MAX_NAME_LENGTH = 64;

	private final ApiTokenStore store;

	private final AuthProperties properties;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	ApiTokens(ApiTokenStore store, AuthProperties properties, Clock clock, ApplicationEventPublisher events) {
		this.store = store;
		this.properties = properties;
		this.clock = clock;
		this.events = events;
	}

	/**
	 * Creates a token acting for {@code owner} with the requested scopes.
	 * @throws ApiProblem {@code VALIDATION_FAILED} for a bad request, {@code TOKEN_LIMIT_REACHED}
	 * when the owner already holds the maximum number of unexpired tokens
	 */
	public CreatedToken create(Identity owner, TokenRequest request, String clientIp, String requestId) {
		List<Map<String, Object>> errors = new ArrayList<>();
		String name = (request.name() != null) ? request.name().strip() : "";
		if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
			errors.add(error("name", "must be 1 to " + MAX_NAME_LENGTH + " printable characters"));
		}
		Set<Scope> scopes = EnumSet.noneOf(Scope.class);
		if (request.scopes() == null || request.scopes().isEmpty()) {
			errors.add(error("scopes", "must name at least one of " + scopeValues()));
		}
		else {
			for (String value : request.scopes()) {
				Scope.of(value).ifPresentOrElse(scopes::add,
						() -> errors.add(error("scopes", "unknown scope '" + value + "'; known: " + scopeValues())));
			}
		}
		int days = (request.expiresInDays() != null) ? request.expiresInDays() : this.properties.defaultTokenDays();
		if (days < 1 || days > this.properties.maxTokenDays()) {
			errors.add(error("expiresInDays", "must be between 1 and " + this.properties.maxTokenDays()));
		}
		if (!errors.isEmpty()) {
			throw new ApiProblem(ProblemCode.VALIDATION_FAILED, "The request has invalid fields.",
					Map.of("errors", errors));
		}
		Instant now = this.clock.instant();
		if (this.store.countUnexpired(owner.subject(), now) >= this.properties.maxTokensPerUser()) {
			throw new ApiProblem(ProblemCode.TOKEN_LIMIT_REACHED, "You already hold "
					+ this.properties.maxTokensPerUser() + " tokens; revoke one you no longer use first.",
					Map.of("limit", this.properties.maxTokensPerUser()));
		}
		String token = PREFIX + Secrets.random256();
		List<String> scopeValues = scopes.stream().map(Scope::value).toList();
		ApiTokenStore.StoredToken stored = new ApiTokenStore.StoredToken(new ObjectId().toHexString(), hash(token),
				owner, name, scopeValues, now, now.plus(Duration.ofDays(days)), null);
		this.store.insert(stored);
		this.events.publishEvent(new AuthEvent.TokenCreated(owner.subject(), clientIp, requestId, now, stored.id(),
				name, scopeValues, stored.expiresAt()));
		return new CreatedToken(stored.id(), name, scopeValues, now, stored.expiresAt(), token);
	}

	/** The owner's tokens, newest first, without the secrets (which are not stored). */
	List<TokenView> list(String owner) {
		return this.store.findByOwner(owner)
			.stream()
			.map((t) -> new TokenView(t.id(), t.name(), t.scopes(), t.createdAt(), t.expiresAt(), t.lastUsedAt(),
					!t.expiresAt().isAfter(this.clock.instant())))
			.toList();
	}

	/**
	 * Revokes one of the owner's tokens at once; another owner's token is not found.
	 */
	void revoke(String owner, String id, String clientIp, String requestId) {
		if (id == null || !ObjectId.isValid(id) || !this.store.delete(id, owner)) {
			throw new ApiProblem(ProblemCode.TOKEN_NOT_FOUND, "No token " + id + ".", Map.of("tokenId", String.valueOf(id)));
		}
		this.events.publishEvent(new AuthEvent.TokenRevoked(owner, clientIp, requestId, this.clock.instant(), id));
	}

	/**
	 * The caller a token stands for; empty when it is unknown, revoked or expired.
	 */
	Optional<AuthenticatedUser> authenticate(String token) {
		if (token == null || !token.startsWith(PREFIX) || token.length() > 128) {
			return Optional.empty();
		}
		Optional<ApiTokenStore.StoredToken> found = this.store.findByHash(hash(token));
		if (found.isEmpty()) {
			return Optional.empty();
		}
		ApiTokenStore.StoredToken stored = found.get();
		Instant now = this.clock.instant();
		if (!now.isBefore(stored.expiresAt())) {
			// MongoDB's TTL monitor runs once a minute (and never on mongo-java-server)
			this.store.deleteById(stored.id());
			return Optional.empty();
		}
		if (stored.lastUsedAt() == null
				|| Duration.between(stored.lastUsedAt(), now).compareTo(this.properties.touchInterval()) >= 0) {
			this.store.touch(stored.id(), now);
		}
		Set<Scope> scopes = new LinkedHashSet<>();
		stored.scopes().forEach((value) -> Scope.of(value).ifPresent(scopes::add));
		Identity owner = stored.owner();
		return Optional.of(new AuthenticatedUser(owner.subject(), owner.name(), owner.email(), owner.roles(),
				AuthenticatedUser.Method.TOKEN, scopes, stored.id()));
	}

	/**
	 * Whether a token is still good (not revoked, not expired): for work that outlives the
	 * request that presented it.
	 */
	boolean stillValid(String tokenId) {
		return this.store.findById(tokenId).map((token) -> this.clock.instant().isBefore(token.expiresAt())).orElse(false);
	}

	private String hash(String token) {
		return Secrets.hmac(this.properties.tokenSecret(), token);
	}

	private static List<String> scopeValues() {
		return EnumSet.allOf(Scope.class).stream().map(Scope::value).toList();
	}

	private static Map<String, Object> error(String field, String message) {
		return Map.of("field", field, "message", message);
	}

	/**
	 * What a client asks for when it creates a token.
	 *
	 * @param name a label, e.g. {@code ci}
	 * @param scopes {@code jobs:read}, {@code jobs:write}
	 * @param expiresInDays lifetime; the default ({@code ocr.api.auth.default-token-days}) when null
	 */
	public record TokenRequest(String name, List<String> scopes, Integer expiresInDays) {
	}

	/**
	 * A new token: the only time {@code token} is shown.
	 *
	 * @param id the token's id, for revoking it
	 * @param name its label
	 * @param scopes its scopes
	 * @param createdAt creation time
	 * @param expiresAt end of its life
	 * @param token the secret to send as {@code Authorization: Bearer <token>}
	 */
	public record CreatedToken(String id, String name, List<String> scopes, Instant createdAt, Instant expiresAt,
			String token) {

		@Override
		public String toString() {
			return "CreatedToken[id=" + this.id + ", name=" + this.name + ", scopes=" + this.scopes + "]";
		}

	}

	/**
	 * A token as its owner's listing shows it.
	 *
	 * @param id the token's id
	 * @param name its label
	 * @param scopes its scopes
	 * @param createdAt creation time
	 * @param expiresAt end of its life
	 * @param lastUsedAt last use (to within the touch interval), or null
	 * @param expired whether it has expired (and is about to be removed)
	 */
	record TokenView(String id, String name, List<String> scopes, Instant createdAt, Instant expiresAt,
			Instant lastUsedAt, boolean expired) {
	}

}
