package dev.ocrpipe.api.audit;

import org.springframework.context.event.EventListener;

import dev.ocrpipe.api.auth.AuthEvent;

/**
 * Records what happens to people's authentication (logins, refused logins, logouts, API tokens
 * created and revoked) from the events the auth package publishes, so that package needs no
 * knowledge of the trail. Listeners run on the request's thread, so the log still takes the client
 * address, request id and user agent from the request.
 */
class AuthAuditListener {

	/** The actor of a refused login: whoever it claimed to be is only a detail. */
	static final String ANONYMOUS = "anonymous";

	private final AuditLog audit;

	AuthAuditListener(AuditLog audit) {
		this.audit = audit;
	}

	@EventListener
	void on(AuthEvent event) {
		AuditEntry entry = switch (event) {
			case AuthEvent.LoggedIn login -> AuditEntry.success(AuditAction.LOGIN, null);
			case AuthEvent.LoginFailed failed -> AuditEntry.failed(AuditAction.LOGIN_FAILED, null, "LOGIN_REFUSED");
			case AuthEvent.LoggedOut logout -> AuditEntry.success(AuditAction.LOGOUT, null);
			case AuthEvent.TokenCreated created -> AuditEntry.success(AuditAction.TOKEN_CREATED,
					AuditTarget.token(created.tokenId()));
			case AuthEvent.TokenRevoked revoked -> AuditEntry.success(AuditAction.TOKEN_REVOKED,
					AuditTarget.token(revoked.tokenId()));
		};
		for (var detail : event.details().entrySet()) {
			entry = entry.with(detail.getKey(), detail.getValue());
		}
		this.audit.record(entry.by((event.subject() != null) ? event.subject() : ANONYMOUS).at(event.at()));
	}

}
