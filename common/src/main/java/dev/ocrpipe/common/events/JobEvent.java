package dev.ocrpipe.common.events;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import dev.ocrpipe.common.jobs.ErrorCode;
import dev.ocrpipe.common.jobs.JobStatus;
import dev.ocrpipe.common.jobs.PageStatus;

/**
 * Progress of one job, published by workers (and by the API for the changes it makes: cancel,
 * retry) and forwarded as-is to SSE clients. {@code seq} is a per-job sequence number (1, 2, 3 …)
 * assigned atomically in MongoDB; it is the SSE event id and lets a client resume without gaps or
 * duplicates. Every event is written to the {@code job_events} collection before it is published,
 * so a client that missed some can have them replayed.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({ @JsonSubTypes.Type(value = JobEvent.JobStarted.class, name = "JobStarted"),
		@JsonSubTypes.Type(value = JobEvent.PageFinished.class, name = "PageFinished"),
		@JsonSubTypes.Type(value = JobEvent.JobFinished.class, name = "JobFinished"),
		@JsonSubTypes.Type(value = JobEvent.JobStatusChanged.class, name = "JobStatusChanged") })
public sealed interface JobEvent {

	String jobId();

	String owner();

	/** The batch of a multi-file upload, or null. */
	String batchId();

	long seq();

	Instant at();

	/**
	 * The planner split the document into pages and published them.
	 */
	record JobStarted(String jobId, String owner, String batchId, long seq, Instant at, int pages) implements JobEvent {
	}

	/**
	 * One page reached a terminal state.
	 */
	record PageFinished(String jobId, String owner, String batchId, long seq, Instant at, int page, PageStatus status,
			String engine, String preview, ErrorCode errorCode, PageCounts counts) implements JobEvent {
	}

	/**
	 * The job reached a terminal state: every page is terminal, or the document failed as a whole.
	 */
	record JobFinished(String jobId, String owner, String batchId, long seq, Instant at, JobStatus status, ErrorCode errorCode,
			String errorMessage, PageCounts counts) implements JobEvent {
	}

	/**
	 * The job's status changed in a way the other events do not tell: a cancel was asked
	 * ({@code CANCELLING}), or a retry put a finished job back to {@code RUNNING}.
	 */
	record JobStatusChanged(String jobId, String owner, String batchId, long seq, Instant at, JobStatus status,
			PageCounts counts) implements JobEvent {
	}

}
