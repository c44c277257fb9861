package dev.ocrpipe.api.live;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One open SSE stream with its own virtual thread, which alone writes to the client: the Kafka
 * listener only drops events into the stream's bounded {@link Mailbox}. Parked, a stream costs a
 * virtual thread's stack and its mailbox, not a platform thread. Subclasses decide what to send
 * when the stream opens, when events arrive, when a deadline of theirs passes and when the stream
 * has heard nothing for a while; the thread sends heartbeats.
 */
abstract class LiveStream {

	private static final Logger log = LoggerFactory.getLogger(LiveStream.class);

	static final String OVERFLOW = "overflow";

	static final String SHUTDOWN = "shutdown";

	static final String GONE = "client-gone";

	static final String TIMEOUT = "timeout";

	static final String SIGNED_OUT = "signed-out";

	/** How often a stream waiting for a missing event looks for it in {@code job_events}. */
	static final long GAP_POLL_NANOS = 100_000_000L;

	/**
	 * What a stream follows; also the {@code kind} tag of its metrics.
	 */
	enum Kind {

		JOB, ALL, BATCH;

		String tag() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	protected final LiveProperties properties;

	private final Kind kind;

	private final String key;

	private final SseEmitter emitter;

	private final Mailbox mailbox;

	private final AtomicBoolean registered = new AtomicBoolean();

	private Runnable onEnd = () -> {
	};

	private String caller = "";

	private BooleanSupplier stillSignedIn = () -> true;

	private boolean retrySent;

	private boolean finished;

	private long lastWrite;

	LiveStream(Kind kind, String key, LiveProperties properties) {
		this.kind = kind;
		this.key = key;
		this.properties = properties;
		this.emitter = new SseEmitter(properties.streamTimeout().toMillis());
		this.mailbox = new Mailbox(properties.buffer());
	}

	Kind kind() {
		return this.kind;
	}

	/** The job id, owner or batch id whose events this stream receives. */
	String key() {
		return this.key;
	}

	SseEmitter emitter() {
		return this.emitter;
	}

	Mailbox mailbox() {
		return this.mailbox;
	}

	/**
	 * Binds the stream to the caller that opened it: whose stream limit it counts against, and
	 * how to tell that the caller's session or token is still valid. Called before it is
	 * registered.
	 */
	void openedBy(String caller, BooleanSupplier stillSignedIn) {
		this.caller = caller;
		this.stillSignedIn = stillSignedIn;
	}

	/** The subject that opened the stream (not necessarily the owner of what it follows). */
	String caller() {
		return this.caller;
	}

	/** Marks the stream as registered once; false if it already was. */
	boolean markRegistered() {
		return this.registered.compareAndSet(false, true);
	}

	/** Marks the stream as no longer registered; false if it already was not. */
	boolean markUnregistered() {
		return this.registered.compareAndSet(true, false);
	}

	/**
	 * Starts the stream's thread; {@code onEnd} runs when the stream ends for any reason.
	 */
	void start(Runnable onEnd) {
		this.onEnd = onEnd;
		this.emitter.onCompletion(() -> this.mailbox.close(GONE));
		this.emitter.onError((ex) -> this.mailbox.close(GONE));
		this.emitter.onTimeout(() -> {
			this.mailbox.close(TIMEOUT);
			this.emitter.complete();
		});
		Thread.ofVirtual().name("sse-" + this.kind.tag() + "-" + this.key).start(this::run);
	}

	private void run() {
		long heartbeat = this.properties.heartbeat().toNanos();
		long catchUp = this.properties.catchUp().toNanos();
		long recheck = this.properties.recheck().toNanos();
		try {
			this.lastWrite = System.nanoTime();
			open();
			long lastHeard = System.nanoTime();
			long lastChecked = lastHeard;
			while (!this.finished) {
				long now = System.nanoTime();
				long wake = Math.min(Math.min(this.lastWrite + heartbeat, lastHeard + catchUp),
						Math.min(lastChecked + recheck, deadline(now)));
				List<LiveEvent> events = this.mailbox.take(Math.max(wake - now, 0));
				if (this.mailbox.closedBecause() != null) {
					break;
				}
				now = System.nanoTime();
				if (now - lastChecked >= recheck) {
					lastChecked = now;
					if (!this.stillSignedIn.getAsBoolean()) {
						// logged out, expired or revoked: the client's reconnect gets its 401
						log.debug("{} stream {} ended: its caller's session or token is no longer valid",
								this.kind.tag(), this.key);
						this.mailbox.close(SIGNED_OUT);
						break;
					}
				}
				if (!events.isEmpty()) {
					lastHeard = now;
					onEvents(events, now);
				}
				else {
					onTick(now);
				}
				if (!this.finished && now - lastHeard >= catchUp) {
					lastHeard = now;
					catchUp(now);
				}
				if (!this.finished && System.nanoTime() - this.lastWrite >= heartbeat) {
					comment("keep-alive");
				}
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client went away (or the emitter was completed under us): nothing to tell it
			log.debug("{} stream {} ended: {}", this.kind.tag(), this.key, ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			log.warn("{} stream {} failed; the client will reconnect", this.kind.tag(), this.key, ex);
		}
		finally {
			this.mailbox.close(GONE);
			this.onEnd.run();
			complete();
		}
	}

	/**
	 * Sends what the client gets first (a snapshot or a replay).
	 */
	abstract void open() throws IOException;

	/**
	 * Handles events that arrived from Kafka, in arrival order.
	 */
	abstract void onEvents(List<LiveEvent> events, long nowNanos) throws IOException;

	/**
	 * Called when the stream wakes without events (a deadline of its own, or heartbeat time).
	 */
	void onTick(long nowNanos) throws IOException {
	}

	/**
	 * The next time (nanoTime) this stream needs {@link #onTick}, or {@code Long.MAX_VALUE}.
	 */
	long deadline(long nowNanos) {
		return Long.MAX_VALUE;
	}

	/**
	 * Called after the stream heard nothing for {@code catch-up}: reread the source of truth in
	 * case Kafka lost an event on the way to this instance.
	 */
	void catchUp(long nowNanos) throws IOException {
	}

	/**
	 * Ends the stream normally: the thread completes the response after the current step.
	 */
	protected final void finish() {
		this.finished = true;
	}

	protected final boolean finished() {
		return this.finished;
	}

	protected final boolean wroteAnything() {
		return this.retrySent;
	}

	protected final void event(String id, String name, String data) throws IOException {
		SseEmitter.SseEventBuilder event = SseEmitter.event().name(name);
		if (id != null) {
			event.id(id);
		}
		send(event.data(data, LiveController.TEXT_UTF8));
	}

	protected final void comment(String text) throws IOException {
		send(SseEmitter.event().comment(text));
	}

	private void send(SseEmitter.SseEventBuilder event) throws IOException {
		if (!this.retrySent) {
			event.reconnectTime(this.properties.retry().toMillis());
			this.retrySent = true;
		}
		this.emitter.send(event);
		this.lastWrite = System.nanoTime();
	}

	private void complete() {
		try {
			this.emitter.complete();
		}
		catch (RuntimeException ex) {
			log.debug("completing {} stream {}: {}", this.kind.tag(), this.key, ex.toString());
		}
	}

}
