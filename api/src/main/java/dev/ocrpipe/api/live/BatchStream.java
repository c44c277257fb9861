package dev.ocrpipe.api.live;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import dev.ocrpipe.api.jobs.JobSnapshots;
import dev.ocrpipe.api.jobs.JobSnapshots.BatchSnapshot;
import tools.jackson.databind.json.JsonMapper;

/**
 * The aggregate progress of one batch: {@code batch} events carrying the batch JSON, with id = the
 * sum of its jobs' {@code eventSeq} (it only grows). Events of its jobs only mark it stale; it is
 * reread and sent at most once per {@code batch-coalesce}, and completed when every job is
 * terminal.
 */
final class BatchStream extends LiveStream {

	private final String owner;

	private final JobSnapshots snapshots;

	private final JsonMapper mapper;

	private BatchSnapshot initial;

	private boolean sendInitial;

	private long lastSentSum = -1;

	private long lastSentAt;

	private boolean stale;

	BatchStream(String batchId, String owner, LiveProperties properties, JobSnapshots snapshots, JsonMapper mapper) {
		super(Kind.BATCH, batchId, properties);
		this.owner = owner;
		this.snapshots = snapshots;
		this.mapper = mapper;
	}

	/**
	 * Sets what the stream starts from; call before {@link #start}.
	 * @param initial the batch, read after the stream was registered
	 * @param resumeAfter the client's last event id, or null
	 */
	void from(BatchSnapshot initial, Long resumeAfter) {
		this.initial = initial;
		this.sendInitial = resumeAfter == null || resumeAfter < initial.eventSeqSum();
		this.lastSentSum = (resumeAfter != null) ? resumeAfter : -1;
	}

	@Override
	void open() throws IOException {
		this.lastSentAt = System.nanoTime() - this.properties.batchCoalesce().toNanos();
		if (this.sendInitial) {
			send(this.initial);
		}
		else {
			comment("resumed after " + this.lastSentSum);
		}
		if (this.initial.terminal()) {
			finish();
		}
	}

	@Override
	void onEvents(List<LiveEvent> events, long nowNanos) throws IOException {
		this.stale = true;
		flushIfDue(nowNanos);
	}

	@Override
	void onTick(long nowNanos) throws IOException {
		flushIfDue(nowNanos);
	}

	@Override
	long deadline(long nowNanos) {
		return this.stale ? this.lastSentAt + this.properties.batchCoalesce().toNanos() : Long.MAX_VALUE;
	}

	@Override
	void catchUp(long nowNanos) throws IOException {
		this.stale = true;
		flushIfDue(nowNanos);
	}

	private void flushIfDue(long nowNanos) throws IOException {
		if (!this.stale || nowNanos - this.lastSentAt < this.properties.batchCoalesce().toNanos()) {
			return;
		}
		this.stale = false;
		Optional<BatchSnapshot> batch = this.snapshots.batch(key(), this.owner);
		if (batch.isEmpty()) {
			// every job of it was deleted
			finish();
			return;
		}
		if (batch.get().eventSeqSum() > this.lastSentSum) {
			send(batch.get());
		}
		if (batch.get().terminal()) {
			finish();
		}
	}

	private void send(BatchSnapshot batch) throws IOException {
		event(Long.toString(batch.eventSeqSum()), "batch", this.mapper.writeValueAsString(batch.view()));
		this.lastSentSum = batch.eventSeqSum();
		this.lastSentAt = System.nanoTime();
	}

}
