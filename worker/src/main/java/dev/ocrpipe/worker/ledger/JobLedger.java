package dev.ocrpipe.worker.ledger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import dev.ocrpipe.common.events.PageCounts;
import dev.ocrpipe.common.jobs.ErrorCode;
import dev.ocrpipe.common.jobs.JobStatus;
import dev.ocrpipe.common.jobs.PageLane;
import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.common.store.JobFields;
import dev.ocrpipe.worker.ocr.OcrResult.TokenUsage;

/**
 * Reads and moves job documents. Every state change is a conditional update on the current state,
 * so two workers racing on one job cannot both win. Talks to the driver directly: job ids are hex
 * strings, which Spring Data's mapping would silently turn into ObjectIds.
 */
@Component
public class JobLedger {

	private final MongoCollection<Document> jobs;

	private final Clock clock;

	JobLedger(MongoTemplate mongo, Clock clock) {
		this.jobs = mongo.getCollection(Collections.JOBS);
		this.clock = clock;
	}

	public Optional<JobSnapshot> find(String jobId) {
		return Optional.ofNullable(this.jobs.find(byId(jobId)).first()).map(JobSnapshot::of);
	}

	/** The job's status alone (the check before an OCR call); empty when the job is gone. */
	public Optional<JobStatus> status(String jobId) {
		return Optional.ofNullable(this.jobs.find(byId(jobId)).projection(Projections.include(JobFields.STATUS)).first())
			.map((doc) -> JobStatus.valueOf(doc.getString(JobFields.STATUS)));
	}

	/**
	 * The ids of an owner's jobs whose pages may still be open (running or cancelling): a cancelled
	 * or finished job's pages count no more, whatever their ledger says.
	 */
	public List<String> activeJobsOf(String owner) {
		List<String> ids = new ArrayList<>();
		this.jobs
			.find(Filters.and(Filters.eq(JobFields.OWNER, owner),
					Filters.in(JobFields.STATUS, JobStatus.RUNNING.name(), JobStatus.CANCELLING.name())))
			.projection(new Document(JobFields.ID, 1))
			.forEach((doc) -> ids.add(String.valueOf(doc.get(JobFields.ID))));
		return ids;
	}

	/** The page lane recorded on the job, if one was chosen already. */
	public Optional<PageLane> lane(String jobId) {
		return Optional.ofNullable(this.jobs.find(byId(jobId)).projection(Projections.include(JobFields.LANE)).first())
			.map((doc) -> doc.getString(JobFields.LANE))
			.map(PageLane::valueOf);
	}

	/**
	 * Records the job's page lane unless it has one already: the first choice stays, so every
	 * republish of the job's pages uses the lane its first tasks went to.
	 * @return the lane the job has now ({@code lane} when the job is gone)
	 */
	public PageLane recordLane(String jobId, PageLane lane) {
		if (changed(Filters.and(byId(jobId), Filters.exists(JobFields.LANE, false)),
				Updates.set(JobFields.LANE, lane.name()))) {
			return lane;
		}
		return lane(jobId).orElse(lane);
	}

	/**
	 * Running or cancelling jobs not updated since {@code before}, for the reconciler.
	 */
	public List<String> activeSince(Instant before, int limit) {
		List<String> ids = new ArrayList<>();
		this.jobs
			.find(Filters.and(Filters.in(JobFields.STATUS, JobStatus.RUNNING.name(), JobStatus.CANCELLING.name()),
					Filters.lt(JobFields.UPDATED_AT, before)))
			.projection(new Document(JobFields.ID, 1))
			.limit(limit)
			.forEach((doc) -> ids.add(String.valueOf(doc.get(JobFields.ID))));
		return ids;
	}

	/** Whether the job was last updated before {@code before}. */
	public boolean quietSince(String jobId, Instant before) {
		return this.jobs.countDocuments(Filters.and(byId(jobId), Filters.lt(JobFields.UPDATED_AT, before))) > 0;
	}

	/** Marks the job as just looked after, so the reconciler leaves it alone for a while. */
	public void touch(String jobId) {
		this.jobs.updateOne(byId(jobId), Updates.set(JobFields.UPDATED_AT, this.clock.instant()));
	}

	/**
	 * {@code QUEUED → RUNNING} with the page total, once.
	 * @return whether this call made the change
	 */
	public boolean start(String jobId, int pages) {
		Instant now = this.clock.instant();
		return changed(byIdAndStatus(jobId, JobStatus.QUEUED),
				Updates.combine(Updates.set(JobFields.STATUS, JobStatus.RUNNING.name()),
						Updates.set(JobFields.COUNTS_TOTAL, pages), Updates.set(JobFields.STARTED_AT, now),
						Updates.set(JobFields.UPDATED_AT, now)));
	}

	/**
	 * {@code QUEUED → FAILED} for a document that cannot be processed at all.
	 * @return whether this call made the change
	 */
	public boolean failDocument(String jobId, ErrorCode code, String message) {
		Instant now = this.clock.instant();
		return changed(byIdAndStatus(jobId, JobStatus.QUEUED),
				Updates.combine(Updates.set(JobFields.STATUS, JobStatus.FAILED.name()),
						Updates.set(JobFields.ERROR_CODE, code.name()), Updates.set(JobFields.ERROR_MESSAGE, message),
						Updates.set(JobFields.FINISHED_AT, now), Updates.set(JobFields.UPDATED_AT, now)));
	}

	/**
	 * Raises the job's counters and token totals to what its ledger says. Counters only grow, so a
	 * late writer holding older numbers cannot move them back ({@code $max}).
	 */
	public void raiseCounts(JobSnapshot job, PageCounts counts, TokenUsage usage, String engine) {
		this.jobs.updateOne(inRound(job), counting(counts, usage, engine));
	}

	/**
	 * {@link #raiseCounts} and, in the same update, takes the job's next event number: one round
	 * trip instead of two for every finished page.
	 * @return the job after the update, its {@code eventSeq} the number taken; empty when nothing
	 * changed (the job is gone, or a retry started another round)
	 */
	public Optional<JobSnapshot> raiseCountsAndNumber(JobSnapshot job, PageCounts counts, TokenUsage usage,
			String engine) {
		Document after = this.jobs.findOneAndUpdate(inRound(job),
				Updates.combine(counting(counts, usage, engine), Updates.inc(JobFields.EVENT_SEQ, 1L)),
				new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
		return Optional.ofNullable(after).map(JobSnapshot::of);
	}

	private Bson counting(PageCounts counts, TokenUsage usage, String engine) {
		List<Bson> updates = new ArrayList<>(List.of(Updates.max(JobFields.COUNTS_DONE, counts.done()),
				Updates.max(JobFields.COUNTS_SKIPPED, counts.skipped()),
				Updates.max(JobFields.COUNTS_FAILED, counts.failed()),
				Updates.max(JobFields.USAGE_PROMPT, usage.prompt()),
				Updates.max(JobFields.USAGE_OUTPUT, usage.output()), Updates.max(JobFields.USAGE_TOTAL, usage.total()),
				Updates.set(JobFields.UPDATED_AT, this.clock.instant())));
		if (engine != null) {
			updates.add(Updates.addToSet(JobFields.ENGINES, engine));
		}
		return Updates.combine(updates);
	}

	/** The job, only within the retry round its counts were taken in: a retry resets them. */
	private static Bson inRound(JobSnapshot job) {
		Bson round = (job.round() == 0)
				? Filters.or(Filters.eq(JobFields.ROUND, 0), Filters.exists(JobFields.ROUND, false))
				: Filters.eq(JobFields.ROUND, job.round());
		return Filters.and(byId(job.id()), round);
	}

	/**
	 * {@code RUNNING → SUCCEEDED | PARTIAL | FAILED}, once, when every page is terminal.
	 * @return whether this call made the change
	 */
	public boolean finish(String jobId, JobStatus status, ErrorCode errorCode) {
		Instant now = this.clock.instant();
		List<Bson> updates = new ArrayList<>(List.of(Updates.set(JobFields.STATUS, status.name()),
				Updates.set(JobFields.FINISHED_AT, now), Updates.set(JobFields.UPDATED_AT, now)));
		if (errorCode != null) {
			updates.add(Updates.set(JobFields.ERROR_CODE, errorCode.name()));
			updates.add(Updates.set(JobFields.ERROR_MESSAGE, "Every page failed; the first failure was " + errorCode));
		}
		return changed(byIdAndStatus(jobId, JobStatus.RUNNING), Updates.combine(updates));
	}

	/**
	 * {@code CANCELLING → CANCELLED}, once.
	 * @return whether this call made the change
	 */
	public boolean cancelled(String jobId) {
		Instant now = this.clock.instant();
		return changed(byIdAndStatus(jobId, JobStatus.CANCELLING), Updates
			.combine(Updates.set(JobFields.STATUS, JobStatus.CANCELLED.name()), Updates.set(JobFields.FINISHED_AT, now),
					Updates.set(JobFields.UPDATED_AT, now)));
	}

	/**
	 * Hands out the job's next event sequence number.
	 */
	public long nextSeq(String jobId) {
		Document doc = this.jobs.findOneAndUpdate(byId(jobId), Updates.inc(JobFields.EVENT_SEQ, 1L),
				new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
		if (doc == null) {
			throw new IllegalStateException("job " + jobId + " vanished");
		}
		return ((Number) doc.get(JobFields.EVENT_SEQ)).longValue();
	}

	private boolean changed(Bson filter, Bson update) {
		return this.jobs.updateOne(filter, update).getModifiedCount() == 1;
	}

	private static Bson byId(String jobId) {
		return Filters.eq(JobFields.ID, jobId);
	}

	private static Bson byIdAndStatus(String jobId, JobStatus status) {
		return Filters.and(byId(jobId), Filters.eq(JobFields.STATUS, status.name()));
	}

}
