package dev.ocrpipe.api.control;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Repository;

import com.mongodb.MongoGridFSException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import dev.ocrpipe.common.jobs.JobStatus;
import dev.ocrpipe.common.jobs.PageStatus;
import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.common.store.EventFields;
import dev.ocrpipe.common.store.JobFields;
import dev.ocrpipe.common.store.PageFields;

/**
 * The writes behind cancel, retry and delete, each on the driver's collections (job ids are hex
 * strings, see {@code JobRepository}) and each conditional on the state it expects, so that of two
 * concurrent requests only one changes anything.
 */
@Repository
class ControlStore {

	private static final Logger log = LoggerFactory.getLogger(ControlStore.class);

	private final MongoCollection<Document> jobs;

	private final MongoCollection<Document> pages;

	private final MongoCollection<Document> events;

	private final GridFSBucket uploads;

	ControlStore(MongoTemplate mongo, GridFSBucket uploads) {
		this.jobs = mongo.getCollection(Collections.JOBS);
		this.pages = mongo.getCollection(Collections.PAGES);
		this.events = mongo.getCollection(Collections.JOB_EVENTS);
		this.uploads = uploads;
	}

	/** The owner of a job, if it exists (for an admin acting on another owner's job). */
	Optional<String> ownerOf(String id) {
		return Optional.ofNullable(this.jobs.find(Filters.eq(JobFields.ID, id)).first())
			.map((job) -> job.getString(JobFields.OWNER));
	}

	Optional<Document> findOwned(String id, String owner) {
		return Optional.ofNullable(this.jobs.find(owned(id, owner)).first());
	}

	/** Whether a job with this id exists, whoever owns it (for the audit trail only). */
	boolean exists(String id) {
		return this.jobs.countDocuments(Filters.eq(JobFields.ID, id)) > 0;
	}

	/**
	 * Moves the job from {@code from} to {@code to}, only if it is still in {@code from}.
	 * @return whether this call made the change
	 */
	boolean transition(String id, String owner, JobStatus from, JobStatus to, Instant now, Bson... more) {
		List<Bson> updates = new ArrayList<>(List.of(Updates.set(JobFields.STATUS, to.name()),
				Updates.set(JobFields.UPDATED_AT, Date.from(now))));
		updates.addAll(List.of(more));
		return this.jobs
			.updateOne(Filters.and(owned(id, owner), Filters.eq(JobFields.STATUS, from.name())), Updates.combine(updates))
			.getModifiedCount() == 1;
	}

	/**
	 * Puts a PARTIAL or FAILED job back to RUNNING in a new round, forgetting how it ended.
	 * @return whether this call made the change
	 */
	boolean reopen(String id, String owner, Instant now) {
		return this.jobs
			.updateOne(
					Filters.and(owned(id, owner),
							Filters.in(JobFields.STATUS, JobStatus.PARTIAL.name(), JobStatus.FAILED.name()),
							// a job the retention sweeper is removing stays finished
							Filters.exists(JobFields.RETENTION_CLAIM, false)),
					Updates.combine(Updates.set(JobFields.STATUS, JobStatus.RUNNING.name()), Updates.inc(JobFields.ROUND, 1),
							Updates.set(JobFields.UPDATED_AT, Date.from(now)), Updates.unset(JobFields.FINISHED_AT),
							Updates.unset(JobFields.ERROR_CODE), Updates.unset(JobFields.ERROR_MESSAGE)))
			.getModifiedCount() == 1;
	}

	long countPages(String jobId, PageStatus status) {
		return this.pages
			.countDocuments(Filters.and(Filters.eq(PageFields.JOB_ID, jobId), Filters.eq(PageFields.STATUS, status.name())));
	}

	/**
	 * Makes the job's FAILED pages QUEUED again as if never tried; finished pages stay as they are.
	 * @return how many pages were requeued
	 */
	long requeueFailedPages(String jobId) {
		return this.pages
			.updateMany(
					Filters.and(Filters.eq(PageFields.JOB_ID, jobId),
							Filters.eq(PageFields.STATUS, PageStatus.FAILED.name())),
					Updates.combine(Updates.set(PageFields.STATUS, PageStatus.QUEUED.name()),
							Updates.set(PageFields.ATTEMPTS, 0), Updates.unset(PageFields.ERROR_CODE),
							Updates.unset(PageFields.ERROR_MESSAGE), Updates.unset(PageFields.SEQ),
							Updates.unset(PageFields.WORKER), Updates.unset(PageFields.LEASE_UNTIL),
							Updates.unset(PageFields.FLAGS), Updates.unset(PageFields.FINISHED_AT),
							Updates.unset(PageFields.TEXT), Updates.unset(PageFields.CHARS)))
			.getModifiedCount();
	}

	/**
	 * Sets the job's done/skipped/failed counters to what its ledger says now.
	 */
	void recount(String jobId, Instant now) {
		int done = 0;
		int skipped = 0;
		int failed = 0;
		for (Document group : this.pages
			.aggregate(List.of(Aggregates.match(Filters.eq(PageFields.JOB_ID, jobId)),
					Aggregates.group("$" + PageFields.STATUS, Accumulators.sum("n", 1))))) {
			int n = ((Number) group.get("n")).intValue();
			String status = String.valueOf(group.get("_id"));
			if (PageStatus.DONE.name().equals(status)) {
				done = n;
			}
			else if (PageStatus.SKIPPED_TEXT_LAYER.name().equals(status)) {
				skipped = n;
			}
			else if (PageStatus.FAILED.name().equals(status)) {
				failed = n;
			}
		}
		this.jobs.updateOne(Filters.eq(JobFields.ID, jobId),
				Updates.combine(Updates.set(JobFields.COUNTS_DONE, done), Updates.set(JobFields.COUNTS_SKIPPED, skipped),
						Updates.set(JobFields.COUNTS_FAILED, failed), Updates.set(JobFields.UPDATED_AT, Date.from(now))));
	}

	/**
	 * Removes the job document; from then on no worker finds it to plan or count.
	 * @return whether this call removed it
	 */
	boolean deleteJob(String id, String owner) {
		return this.jobs.deleteOne(owned(id, owner)).getDeletedCount() == 1;
	}

	/**
	 * Removes the stored upload ({@code uploads.files} and its {@code uploads.chunks}); an upload
	 * already gone is fine.
	 */
	void deleteUpload(String uploadId) {
		if (uploadId == null || !ObjectId.isValid(uploadId)) {
			return;
		}
		try {
			this.uploads.delete(new ObjectId(uploadId));
		}
		catch (MongoGridFSException ex) {
			log.debug("Upload {} was already gone: {}", uploadId, ex.getMessage());
		}
	}

	long deletePages(String jobId) {
		return this.pages.deleteMany(Filters.eq(PageFields.JOB_ID, jobId)).getDeletedCount();
	}

	long deleteEvents(String jobId) {
		return this.events.deleteMany(Filters.eq(EventFields.JOB_ID, jobId)).getDeletedCount();
	}

	private static Bson owned(String id, String owner) {
		return Filters.and(Filters.eq(JobFields.ID, id), Filters.eq(JobFields.OWNER, owner));
	}

}
