package dev.ocrpipe.api.jobs;

import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.springframework.stereotype.Component;

import dev.ocrpipe.common.jobs.JobStatus;
import dev.ocrpipe.common.store.JobFields;

/**
 * Reads a job or a batch together with its event sequence number, for an explicit owner, so that
 * live streams can send the same JSON as {@code GET /api/v1/jobs/{id}} and
 * {@code GET /api/v1/batches/{id}} from a thread that has no request (and so no current owner).
 */
@Component
public class JobSnapshots {

	/** Same bound as the batch endpoint. */
	private static final int MAX_BATCH_JOBS = 1000;

	private final JobRepository jobs;

	private final JobQueries queries;

	JobSnapshots(JobRepository jobs, JobQueries queries) {
		this.jobs = jobs;
		this.queries = queries;
	}

	/**
	 * The job as its owner sees it, or empty when it does not exist or belongs to someone else.
	 */
	public Optional<JobSnapshot> job(String id, String owner) {
		if (!Cursor.isJobId(id)) {
			return Optional.empty();
		}
		return this.jobs.findOwned(id, owner)
			.map((job) -> new JobSnapshot(this.queries.details(JobView.of(job)),
					Docs.longValue(job.get(JobFields.EVENT_SEQ)), terminal(job)));
	}

	/**
	 * The batch as its owner sees it, or empty when it has no job of this owner.
	 */
	public Optional<BatchSnapshot> batch(String batchId, String owner) {
		if (!Cursor.isJobId(batchId)) {
			return Optional.empty();
		}
		List<Document> found = this.jobs.findBatch(owner, batchId, MAX_BATCH_JOBS);
		if (found.isEmpty()) {
			return Optional.empty();
		}
		long seqs = 0;
		boolean terminal = true;
		for (Document job : found) {
			seqs += Docs.longValue(job.get(JobFields.EVENT_SEQ));
			terminal &= terminal(job);
		}
		return Optional.of(new BatchSnapshot(BatchView.of(batchId, found.stream().map(JobView::of).toList()), seqs,
				terminal));
	}

	/**
	 * The owner of a job, for an admin following another owner's job; empty for an unknown job.
	 */
	public Optional<String> ownerOf(String jobId) {
		return Cursor.isJobId(jobId) ? this.jobs.ownerOf(jobId) : Optional.empty();
	}

	/**
	 * The owner of a batch, for an admin following another owner's batch; empty for an unknown one.
	 */
	public Optional<String> ownerOfBatch(String batchId) {
		return Cursor.isJobId(batchId) ? this.jobs.ownerOfBatch(batchId) : Optional.empty();
	}

	private static boolean terminal(Document job) {
		try {
			return JobStatus.valueOf(String.valueOf(job.get(JobFields.STATUS))).isTerminal();
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * A job's view and the sequence number of the last event handed out when it was read.
	 *
	 * @param view the job JSON of {@code GET /api/v1/jobs/{id}}
	 * @param eventSeq the job's {@code eventSeq}
	 * @param terminal whether the job had reached a terminal status
	 */
	public record JobSnapshot(JobView view, long eventSeq, boolean terminal) {
	}

	/**
	 * A batch's view, the sum of its jobs' event sequence numbers (which only grows) and whether
	 * every job of it is terminal.
	 *
	 * @param view the batch JSON of {@code GET /api/v1/batches/{id}}
	 * @param eventSeqSum sum of the jobs' {@code eventSeq}
	 * @param terminal whether every job had reached a terminal status
	 */
	public record BatchSnapshot(BatchView view, long eventSeqSum, boolean terminal) {
	}

}
