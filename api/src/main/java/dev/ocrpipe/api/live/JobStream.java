package dev.ocrpipe.api.live;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import dev.ocrpipe.api.jobs.JobSnapshots;
import dev.ocrpipe.api.jobs.JobSnapshots.JobSnapshot;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stream of one job: a {@code snapshot} (id = the job's {@code eventSeq}) or, on resume, the
 * stored events after {@code Last-Event-ID}; then every later event exactly once and in sequence;
 * completed after {@code JobFinished}.
 */
final class JobStream extends LiveStream {

	/** Events read from {@code job_events} per round of a replay or catch-up. */
	private static final int READ_CHUNK = 500;

	private final String owner;

	private final JobSnapshots snapshots;

	private final EventStore store;

	private final JsonMapper mapper;

	private JobSnapshot initial;

	private Long resumeAfter;

	private JobSequence sequence;

	JobStream(String jobId, String owner, LiveProperties properties, JobSnapshots snapshots, EventStore store,
			JsonMapper mapper) {
		super(Kind.JOB, jobId, properties);
		this.owner = owner;
		this.snapshots = snapshots;
		this.store = store;
		this.mapper = mapper;
	}

	/**
	 * Sets what the stream starts from; call before {@link #start}.
	 * @param initial the job, read after the stream was registered
	 * @param resumeAfter the client's last event id, or null for a snapshot
	 */
	void from(JobSnapshot initial, Long resumeAfter) {
		this.initial = initial;
		this.resumeAfter = resumeAfter;
	}

	@Override
	void open() throws IOException {
		if (this.resumeAfter == null) {
			event(Long.toString(this.initial.eventSeq()), "snapshot", this.mapper.writeValueAsString(this.initial.view()));
			this.sequence = new JobSequence(key(), this.initial.eventSeq());
			if (this.initial.terminal()) {
				finish();
			}
			return;
		}
		this.sequence = new JobSequence(key(), this.resumeAfter);
		readStored(System.nanoTime());
		if (!finished() && this.initial.terminal() && this.sequence.last() >= this.initial.eventSeq()
				&& !this.sequence.waiting()) {
			finish();
		}
		if (!finished() && !wroteAnything()) {
			// commit the response now, so the client knows it is connected
			comment("resumed after " + this.resumeAfter);
		}
	}

	@Override
	void onEvents(List<LiveEvent> events, long nowNanos) throws IOException {
		events.forEach(this.sequence::offer);
		sendReady(nowNanos);
	}

	@Override
	void onTick(long nowNanos) throws IOException {
		if (this.sequence.waiting()) {
			sendReady(nowNanos);
		}
	}

	@Override
	long deadline(long nowNanos) {
		return this.sequence.waiting() ? nowNanos + GAP_POLL_NANOS : Long.MAX_VALUE;
	}

	@Override
	void catchUp(long nowNanos) throws IOException {
		Optional<JobSnapshot> job = this.snapshots.job(key(), this.owner);
		if (job.isEmpty()) {
			// deleted while we watched
			finish();
			return;
		}
		if (job.get().eventSeq() > this.sequence.last()) {
			readStored(nowNanos);
		}
		if (!finished() && job.get().terminal() && this.sequence.last() >= job.get().eventSeq()) {
			finish();
		}
	}

	private void readStored(long nowNanos) throws IOException {
		long after = this.sequence.last();
		while (!finished()) {
			List<LiveEvent> chunk = this.store.between(key(), after, Long.MAX_VALUE, READ_CHUNK);
			if (chunk.isEmpty()) {
				return;
			}
			chunk.forEach(this.sequence::offer);
			after = chunk.get(chunk.size() - 1).seq();
			sendReady(nowNanos);
			if (chunk.size() < READ_CHUNK) {
				return;
			}
		}
	}

	private void sendReady(long nowNanos) throws IOException {
		for (LiveEvent event : this.sequence.ready(this.store, nowNanos, this.properties.gapWait().toNanos())) {
			event(Long.toString(event.seq()), event.type(), event.json());
			if (event.finishesJob()) {
				finish();
				return;
			}
		}
	}

}
