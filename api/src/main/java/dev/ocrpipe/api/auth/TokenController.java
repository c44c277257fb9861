package dev.ocrpipe.api.auth;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.ocrpipe.api.system.ClientAddress;
import dev.ocrpipe.api.system.RequestIds;
import jakarta.servlet.http.HttpServletRequest;

/**
 * A logged-in user's personal API tokens: create (the secret is in this answer only), list,
 * revoke. Only a browser session gets here (the security chain refuses tokens), so a leaked token
 * cannot mint more.
 */
@RestController
class TokenController {

	private final ApiTokens tokens;

	private final ClientAddress clients;

	TokenController(ApiTokens tokens, ClientAddress clients) {
		this.tokens = tokens;
		this.clients = clients;
	}

	@PostMapping("/api/v1/tokens")
	ResponseEntity<ApiTokens.CreatedToken> create(@AuthenticationPrincipal AuthenticatedUser user,
			@RequestBody ApiTokens.TokenRequest body, HttpServletRequest request) {
		Identity owner = new Identity(user.subject(), user.name(), user.email(), user.roles());
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(this.tokens.create(owner, body, this.clients.of(request), RequestIds.of(request)));
	}

	@GetMapping("/api/v1/tokens")
	TokenList list(@AuthenticationPrincipal AuthenticatedUser user) {
		return new TokenList(this.tokens.list(user.subject()));
	}

	@DeleteMapping("/api/v1/tokens/{id}")
	ResponseEntity<Void> revoke(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable String id,
			HttpServletRequest request) {
		this.tokens.revoke(user.subject(), id, this.clients.of(request), RequestIds.of(request));
		return ResponseEntity.noContent().build();
	}

	/**
	 * The caller's tokens, newest first.
	 */
	record TokenList(List<ApiTokens.TokenView> items) {
	}

}
