package dev.ocrpipe.api.auth;

import java.util.function.Supplier;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.SecurityContextRepository;

import dev.ocrpipe.api.system.RequestCredentials;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Spring Security's view of our MongoDB sessions: the security context of a request is read from
 * its session cookie, lazily (only when something asks who is calling), and never from an
 * {@code HttpSession}. Saving is a no-op: sessions are started explicitly by a login, never as a
 * side effect of a request. A request that carries {@code Authorization} is judged by that header
 * alone, never by a cookie that came along.
 */
final class SessionContextRepository implements SecurityContextRepository {

	private final Sessions sessions;

	SessionContextRepository(Sessions sessions) {
		this.sessions = sessions;
	}

	@Override
	public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
		return new Deferred(() -> load(request));
	}

	/** @deprecated replaced by {@link #loadDeferredContext}; kept because the interface still declares it */
	@Override
	@Deprecated
	public SecurityContext loadContext(HttpRequestResponseHolder holder) {
		return load(holder.getRequest());
	}

	@Override
	public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
	}

	@Override
	public boolean containsContext(HttpServletRequest request) {
		return request.getHeader(HttpHeaders.AUTHORIZATION) == null && this.sessions.hasCookie(request);
	}

	private SecurityContext load(HttpServletRequest request) {
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		if (request.getHeader(HttpHeaders.AUTHORIZATION) == null) {
			this.sessions.find(request).ifPresent((user) -> {
				RequestCredentials.markVerified(request);
				context.setAuthentication(new UserAuthentication(user));
			});
		}
		return context;
	}

	private static final class Deferred implements DeferredSecurityContext {

		private final Supplier<SecurityContext> loader;

		private SecurityContext context;

		private boolean generated;

		Deferred(Supplier<SecurityContext> loader) {
			this.loader = loader;
		}

		@Override
		public SecurityContext get() {
			if (this.context == null) {
				this.context = this.loader.get();
				this.generated = this.context.getAuthentication() == null;
			}
			return this.context;
		}

		@Override
		public boolean isGenerated() {
			get();
			return this.generated;
		}

	}

}
