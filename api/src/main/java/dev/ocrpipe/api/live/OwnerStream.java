package dev.ocrpipe.api.live;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The stream of all of an owner's jobs (the job list of the SPA). Ids are
 * {@code <jobId>:<seq>}; events of each job are sent in sequence and at most once per connection.
 * On resume it replays the owner's events written since the resumed event (less the clock-skew
 * allowance), so events of other jobs in that window may come again: clients de-duplicate by
 * {@code (jobId, seq)}, which every event carries.
 */
final class OwnerStream extends LiveStream {

	/** Events of one job read when the stream first hears of it. */
	private static final int FIRST_SIGHT_LIMIT = 500;

	private final EventStore store;

	private final Clock clock;

	private final Map<String, JobSequence> jobs;

	private final Set<String> waiting = new HashSet<>();

	private String resumeJobId;

	private long resumeSeq;

	private Instant since;

	OwnerStream(String owner, LiveProperties properties, EventStore store, Clock clock) {
		super(Kind.ALL, owner, properties);
		this.store = store;
		this.clock = clock;
		int max = properties.maxTrackedJobs();
		this.jobs = new LinkedHashMap<>(64, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, JobSequence> eldest) {
				return size() > max;
			}

		};
	}

	/**
	 * Resumes after the given event; call before {@link #start}.
	 */
	void resumeAfter(String jobId, long seq) {
		this.resumeJobId = jobId;
		this.resumeSeq = seq;
	}

	/**
	 * Parses an all-jobs stream event id {@code <jobId>:<seq>}.
	 */
	static Optional<Map.Entry<String, Long>> parseId(String id) {
		if (id == null) {
			return Optional.empty();
		}
		int colon = id.lastIndexOf(':');
		if (colon < 1) {
			return Optional.empty();
		}
		try {
			long seq = Long.parseLong(id.substring(colon + 1).strip());
			return (seq >= 0) ? Optional.of(Map.entry(id.substring(0, colon).strip(), seq)) : Optional.empty();
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	@Override
	void open() throws IOException {
		this.since = this.clock.instant().minus(this.properties.resumeSkew());
		if (this.resumeJobId != null) {
			replay();
		}
		if (!finished() && !wroteAnything()) {
			comment("connected");
		}
	}

	private void replay() throws IOException {
		Optional<Instant> at = this.store.writtenAt(key(), this.resumeJobId, this.resumeSeq);
		if (at.isEmpty()) {
			resync("unknown-last-event-id");
			return;
		}
		Instant from = at.get().minus(this.properties.resumeSkew());
		List<LiveEvent> missed = this.store.ownerSince(key(), from, this.properties.maxReplay() + 1);
		if (missed.size() > this.properties.maxReplay()) {
			resync("too-many-missed-events");
			return;
		}
		this.since = from;
		this.jobs.put(this.resumeJobId, new JobSequence(this.resumeJobId, this.resumeSeq));
		// group by job (in order of each job's first event), each job in seq order
		Map<String, List<LiveEvent>> byJob = new LinkedHashMap<>();
		for (LiveEvent event : missed) {
			byJob.computeIfAbsent(event.jobId(), (id) -> new ArrayList<>()).add(event);
		}
		long now = System.nanoTime();
		for (Map.Entry<String, List<LiveEvent>> job : byJob.entrySet()) {
			List<LiveEvent> events = job.getValue();
			JobSequence sequence = this.jobs.computeIfAbsent(job.getKey(),
					(id) -> new JobSequence(id, events.stream().mapToLong(LiveEvent::seq).min().orElse(1) - 1));
			events.forEach(sequence::offer);
			sendReady(sequence, now);
		}
	}

	private void resync(String reason) throws IOException {
		event(null, "resync", "{\"reason\":\"" + reason + "\"}");
	}

	@Override
	void onEvents(List<LiveEvent> events, long nowNanos) throws IOException {
		for (LiveEvent event : events) {
			JobSequence sequence = this.jobs.get(event.jobId());
			if (sequence == null) {
				sequence = firstSight(event);
			}
			sequence.offer(event);
			sendReady(sequence, nowNanos);
		}
	}

	/**
	 * The first event of a job on this stream may have overtaken earlier ones written since the
	 * stream began: those are read from the store so that they are not dropped when they arrive.
	 */
	private JobSequence firstSight(LiveEvent event) {
		List<LiveEvent> earlier = this.store.since(event.jobId(), this.since, event.seq(), FIRST_SIGHT_LIMIT);
		long start = earlier.isEmpty() ? event.seq() - 1 : earlier.get(0).seq() - 1;
		JobSequence sequence = new JobSequence(event.jobId(), start);
		earlier.forEach(sequence::offer);
		this.jobs.put(event.jobId(), sequence);
		return sequence;
	}

	@Override
	void onTick(long nowNanos) throws IOException {
		for (String jobId : List.copyOf(this.waiting)) {
			JobSequence sequence = this.jobs.get(jobId);
			if (sequence == null) {
				this.waiting.remove(jobId);
			}
			else {
				sendReady(sequence, nowNanos);
			}
		}
	}

	@Override
	long deadline(long nowNanos) {
		return this.waiting.isEmpty() ? Long.MAX_VALUE : nowNanos + GAP_POLL_NANOS;
	}

	private void sendReady(JobSequence sequence, long nowNanos) throws IOException {
		for (LiveEvent event : sequence.ready(this.store, nowNanos, this.properties.gapWait().toNanos())) {
			event(event.jobId() + ":" + event.seq(), event.type(), event.json());
		}
		if (sequence.waiting()) {
			this.waiting.add(sequence.jobId());
		}
		else {
			this.waiting.remove(sequence.jobId());
		}
	}

}
