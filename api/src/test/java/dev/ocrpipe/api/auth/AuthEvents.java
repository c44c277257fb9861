package dev.ocrpipe.api.auth;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.support.AbstractApplicationContext;

/**
 * Records the {@link AuthEvent}s an application context publishes while a test runs, as the audit
 * log's listener would receive them.
 */
final class AuthEvents implements ApplicationListener<ApplicationEvent>, AutoCloseable {

	final List<AuthEvent> events = new CopyOnWriteArrayList<>();

	private final AbstractApplicationContext context;

	private AuthEvents(AbstractApplicationContext context) {
		this.context = context;
	}

	static AuthEvents record(AbstractApplicationContext context) {
		AuthEvents recorder = new AuthEvents(context);
		context.addApplicationListener(recorder);
		return recorder;
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof PayloadApplicationEvent<?> payload && payload.getPayload() instanceof AuthEvent auth) {
			this.events.add(auth);
		}
	}

	@Override
	public void close() {
		this.context.removeApplicationListener(this);
	}

}
