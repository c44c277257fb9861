package dev.ocrpipe.api.live;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Puts one job's events in sequence for one stream: events at or below the last one sent are
 * dropped (duplicates, or already covered by the snapshot), a missing number is fetched from
 * {@code job_events}, and a number that is not there either is waited for, up to the gap wait,
 * because events of one job can arrive out of order (the API and workers publish independently)
 * and a writer stores its event only just before publishing it.
 */
final class JobSequence {

	/** Most events one gap fill reads; a larger gap is filled over several rounds. */
	private static final int FILL_LIMIT = 500;

	private final String jobId;

	private final TreeMap<Long, LiveEvent> pending = new TreeMap<>();

	private long last;

	private long gapSince = -1;

	JobSequence(String jobId, long last) {
		this.jobId = jobId;
		this.last = last;
	}

	String jobId() {
		return this.jobId;
	}

	long last() {
		return this.last;
	}

	boolean waiting() {
		return !this.pending.isEmpty();
	}

	void offer(LiveEvent event) {
		if (event.seq() > this.last) {
			this.pending.putIfAbsent(event.seq(), event);
		}
	}

	/**
	 * The events that can be sent now, in order; reads a gap from the store, and gives a gap up
	 * once it has been open for {@code gapWaitNanos}.
	 */
	List<LiveEvent> ready(EventStore store, long nowNanos, long gapWaitNanos) {
		List<LiveEvent> ready = new ArrayList<>();
		takeContiguous(ready);
		if (!this.pending.isEmpty()) {
			store.between(this.jobId, this.last, this.pending.firstKey(), FILL_LIMIT).forEach(this::offer);
			takeContiguous(ready);
		}
		if (this.pending.isEmpty()) {
			this.gapSince = -1;
		}
		else if (this.gapSince < 0) {
			this.gapSince = nowNanos;
		}
		else if (nowNanos - this.gapSince >= gapWaitNanos) {
			// the missing numbers were taken by a writer that never stored them
			this.last = this.pending.firstKey() - 1;
			takeContiguous(ready);
			this.gapSince = this.pending.isEmpty() ? -1 : nowNanos;
		}
		return ready;
	}

	private void takeContiguous(List<LiveEvent> ready) {
		while (!this.pending.isEmpty() && this.pending.firstKey() == this.last + 1) {
			LiveEvent next = this.pending.pollFirstEntry().getValue();
			ready.add(next);
			this.last = next.seq();
		}
	}

}
