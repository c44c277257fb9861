package dev.ocrpipe.api.live;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.ocrpipe.api.system.ApiProblem;
import dev.ocrpipe.api.system.ProblemCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The open streams of this instance, indexed by what they follow (job id, owner, batch id), and
 * the routing of each consumed event to them, with at most
 * {@code ocr.api.live.max-streams-per-user} streams per caller. Routing only offers to mailboxes and never waits: a
 * stream whose mailbox is full is dropped (counted in {@code ocr.sse.dropped}), and its client
 * reconnects and gets a replay. On shutdown every stream is closed first, so that clients move to
 * another instance and graceful shutdown does not wait for streams that never end.
 */
class LiveStreams implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(LiveStreams.class);

	private final Map<LiveStream.Kind, ConcurrentHashMap<String, Set<LiveStream>>> routes = new EnumMap<>(
			LiveStream.Kind.class);

	private final Map<LiveStream.Kind, AtomicInteger> open = new EnumMap<>(LiveStream.Kind.class);

	private final Map<LiveStream.Kind, Counter> dropped = new EnumMap<>(LiveStream.Kind.class);

	private final Counter consumed;

	/** Open streams by the subject that opened them. */
	private final ConcurrentHashMap<String, Integer> perUser = new ConcurrentHashMap<>();

	private final int maxPerUser;

	private volatile boolean running;

	LiveStreams(MeterRegistry metrics, int maxPerUser) {
		this.maxPerUser = maxPerUser;
		for (LiveStream.Kind kind : LiveStream.Kind.values()) {
			this.routes.put(kind, new ConcurrentHashMap<>());
			AtomicInteger count = new AtomicInteger();
			this.open.put(kind, count);
			Gauge.builder("ocr.sse.streams", count, AtomicInteger::get)
				.description("Open Server-Sent Events streams on this instance")
				.tag("kind", kind.tag())
				.register(metrics);
			this.dropped.put(kind,
					Counter.builder("ocr.sse.dropped")
						.description("Streams closed because their client did not keep up (it reconnects and replays)")
						.tag("kind", kind.tag())
						.register(metrics));
		}
		this.consumed = Counter.builder("ocr.sse.events.consumed")
			.description("Job events this instance consumed from Kafka for its streams")
			.register(metrics);
	}

	/**
	 * Adds a stream to the routing; from now on it receives the events of what it follows.
	 * @throws ApiProblem {@code TOO_MANY_STREAMS} when its caller already holds the most streams
	 * one caller may hold on this instance
	 */
	void register(LiveStream stream) {
		if (!stream.markRegistered()) {
			return;
		}
		boolean[] admitted = new boolean[1];
		this.perUser.compute(stream.caller(), (caller, count) -> {
			int open = (count != null) ? count : 0;
			if (open >= this.maxPerUser) {
				return count;
			}
			admitted[0] = true;
			return open + 1;
		});
		if (!admitted[0]) {
			stream.markUnregistered();
			throw new ApiProblem(ProblemCode.TOO_MANY_STREAMS, "You already hold " + this.maxPerUser
					+ " open event streams; close one (or follow all your jobs with /api/v1/events) first.",
					Map.of("limit", this.maxPerUser));
		}
		this.routes.get(stream.kind()).compute(stream.key(), (key, streams) -> {
			Set<LiveStream> set = (streams != null) ? streams : ConcurrentHashMap.newKeySet();
			set.add(stream);
			return set;
		});
		this.open.get(stream.kind()).incrementAndGet();
		if (!this.running) {
			// raced with shutdown
			stream.mailbox().close(LiveStream.SHUTDOWN);
		}
	}

	void unregister(LiveStream stream) {
		if (!stream.markUnregistered()) {
			return;
		}
		this.routes.get(stream.kind()).computeIfPresent(stream.key(), (key, streams) -> {
			streams.remove(stream);
			return streams.isEmpty() ? null : streams;
		});
		this.open.get(stream.kind()).decrementAndGet();
		this.perUser.computeIfPresent(stream.caller(), (caller, count) -> (count > 1) ? count - 1 : null);
	}

	/** Streams the subject opened that are open on this instance. */
	int openBy(String caller) {
		return this.perUser.getOrDefault(caller, 0);
	}

	/**
	 * Hands an event to every stream that follows its job, its owner or its batch.
	 */
	void route(LiveEvent event) {
		this.consumed.increment();
		deliver(LiveStream.Kind.JOB, event.jobId(), event);
		deliver(LiveStream.Kind.ALL, event.owner(), event);
		if (event.batchId() != null) {
			deliver(LiveStream.Kind.BATCH, event.batchId(), event);
		}
	}

	private void deliver(LiveStream.Kind kind, String key, LiveEvent event) {
		Set<LiveStream> streams = this.routes.get(kind).get(key);
		if (streams == null) {
			return;
		}
		for (LiveStream stream : streams) {
			if (!stream.mailbox().offer(event)) {
				log.info("{} stream {} dropped: its client did not keep up ({} events queued)", kind.tag(), key,
						stream.mailbox().capacity());
				stream.mailbox().close(LiveStream.OVERFLOW);
				unregister(stream);
				this.dropped.get(kind).increment();
			}
		}
	}

	int open(LiveStream.Kind kind) {
		return this.open.get(kind).get();
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		int closed = 0;
		for (ConcurrentHashMap<String, Set<LiveStream>> byKey : this.routes.values()) {
			for (Set<LiveStream> streams : byKey.values()) {
				for (LiveStream stream : streams) {
					stream.mailbox().close(LiveStream.SHUTDOWN);
					closed++;
				}
			}
		}
		if (closed > 0) {
			log.info("Closed {} live streams for shutdown; their clients reconnect elsewhere", closed);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stops before the web server's graceful shutdown (which waits for open requests).
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

}
