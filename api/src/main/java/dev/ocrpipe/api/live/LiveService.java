package dev.ocrpipe.api.live;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.ocrpipe.api.jobs.JobSnapshots;
import dev.ocrpipe.api.jobs.JobSnapshots.BatchSnapshot;
import dev.ocrpipe.api.jobs.JobSnapshots.JobSnapshot;
import dev.ocrpipe.api.system.ApiProblem;
import dev.ocrpipe.api.system.ProblemCode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Opens streams. Each stream is registered for live events <em>before</em> its starting point is
 * read from MongoDB, so nothing that happens in between is lost (what the read already covers is
 * dropped by sequence number). A stream that would have nothing to say because its subject is
 * finished and the client has seen everything is not opened: the answer is 204, which tells an
 * {@code EventSource} to stop reconnecting. A caller holds at most
 * {@code ocr.api.live.max-streams-per-user} streams on an instance, and a stream ends when its
 * caller's session or token stops being valid.
 */
class LiveService {

	private final LiveStreams streams;

	private final JobSnapshots snapshots;

	private final EventStore store;

	private final JsonMapper mapper;

	private final LiveProperties properties;

	private final Clock clock;

	LiveService(LiveStreams streams, JobSnapshots snapshots, EventStore store, JsonMapper mapper,
			LiveProperties properties, Clock clock) {
		this.streams = streams;
		this.snapshots = snapshots;
		this.store = store;
		this.mapper = mapper;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * A job's stream, or empty (204) when the job is finished and the client saw its last event.
	 * @param lastEventId the client's {@code Last-Event-ID}: a seq of this job; anything else (or
	 * a seq the job has not reached) starts over with a snapshot
	 */
	Optional<SseEmitter> job(String jobId, String owner, String lastEventId, Caller caller) {
		JobSnapshot seen = this.snapshots.job(jobId, owner).orElseThrow(() -> jobNotFound(jobId));
		Long resume = parseSeq(lastEventId);
		if (resume != null && resume > seen.eventSeq()) {
			resume = null;
		}
		JobStream stream = new JobStream(jobId, owner, this.properties, this.snapshots, this.store, this.mapper);
		stream.openedBy(caller.subject(), caller.stillSignedIn());
		this.streams.register(stream);
		Optional<JobSnapshot> job = this.snapshots.job(jobId, owner);
		if (job.isEmpty()) {
			this.streams.unregister(stream);
			throw jobNotFound(jobId);
		}
		if (resume != null && job.get().terminal() && job.get().eventSeq() <= resume) {
			this.streams.unregister(stream);
			return Optional.empty();
		}
		stream.from(job.get(), resume);
		return Optional.of(start(stream));
	}

	/**
	 * The stream of all the owner's jobs.
	 * @param lastEventId the client's {@code Last-Event-ID} ({@code <jobId>:<seq>}), or null
	 */
	SseEmitter all(String owner, String lastEventId, Caller caller) {
		OwnerStream stream = new OwnerStream(owner, this.properties, this.store, this.clock);
		stream.openedBy(caller.subject(), caller.stillSignedIn());
		OwnerStream.parseId(lastEventId).ifPresent((id) -> stream.resumeAfter(id.getKey(), id.getValue()));
		this.streams.register(stream);
		return start(stream);
	}

	/**
	 * A batch's stream, or empty (204) when every job of it is finished and the client saw the
	 * final aggregate.
	 */
	Optional<SseEmitter> batch(String batchId, String owner, String lastEventId, Caller caller) {
		this.snapshots.batch(batchId, owner).orElseThrow(() -> batchNotFound(batchId));
		Long resume = parseSeq(lastEventId);
		BatchStream stream = new BatchStream(batchId, owner, this.properties, this.snapshots, this.mapper);
		stream.openedBy(caller.subject(), caller.stillSignedIn());
		this.streams.register(stream);
		Optional<BatchSnapshot> batch = this.snapshots.batch(batchId, owner);
		if (batch.isEmpty()) {
			this.streams.unregister(stream);
			throw batchNotFound(batchId);
		}
		if (resume != null && resume > batch.get().eventSeqSum()) {
			resume = null;
		}
		if (resume != null && batch.get().terminal() && batch.get().eventSeqSum() <= resume) {
			this.streams.unregister(stream);
			return Optional.empty();
		}
		stream.from(batch.get(), resume);
		return Optional.of(start(stream));
	}

	/**
	 * Checks that the job is there for this owner, without opening a stream (a HEAD).
	 * @throws ApiProblem {@code JOB_NOT_FOUND}
	 */
	void jobExists(String jobId, String owner) {
		this.snapshots.job(jobId, owner).orElseThrow(() -> jobNotFound(jobId));
	}

	/**
	 * Checks that the batch is there for this owner, without opening a stream (a HEAD).
	 * @throws ApiProblem {@code BATCH_NOT_FOUND}
	 */
	void batchExists(String batchId, String owner) {
		this.snapshots.batch(batchId, owner).orElseThrow(() -> batchNotFound(batchId));
	}

	private SseEmitter start(LiveStream stream) {
		stream.start(() -> this.streams.unregister(stream));
		return stream.emitter();
	}

	static Long parseSeq(String lastEventId) {
		if (lastEventId == null || lastEventId.isBlank()) {
			return null;
		}
		try {
			long seq = Long.parseLong(lastEventId.strip());
			return (seq >= 0) ? seq : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * Who opens a stream: the subject its limit counts against (an admin following another
	 * owner's job counts their own), and a check that their session or token is still valid.
	 */
	record Caller(String subject, BooleanSupplier stillSignedIn) {
	}

	private static ApiProblem jobNotFound(String id) {
		return new ApiProblem(ProblemCode.JOB_NOT_FOUND, "No job " + id + ".", Map.of("jobId", id));
	}

	private static ApiProblem batchNotFound(String id) {
		return new ApiProblem(ProblemCode.BATCH_NOT_FOUND, "No batch " + id + ".", Map.of("batchId", id));
	}

}
