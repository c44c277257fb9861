package dev.ocrpipe.api.retention;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.MongoGridFSException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

import dev.ocrpipe.api.audit.AuditAction;
import dev.ocrpipe.api.audit.AuditEntry;
import dev.ocrpipe.api.audit.AuditLog;
import dev.ocrpipe.api.audit.AuditTarget;
import dev.ocrpipe.common.jobs.JobStatus;
import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.common.store.EventFields;
import dev.ocrpipe.common.store.JobFields;
import dev.ocrpipe.common.store.PageFields;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Removes finished jobs older than the retention period, one at a time: each is first claimed
 * with a conditional update (so several API instances never work on the same job, and a claim
 * left by a crashed instance expires), then its stored upload, pages and events are removed,
 * and the job document last, so a crash half-way leaves a job that the next sweep finishes
 * rather than orphaned files, chunks, pages or events. Each removal is recorded in the audit trail
 * ({@code DELETE} by {@code system:sweeper}) by the instance whose claim removed the job document.
 */
class RetentionSweeper {

	private static final Logger log = LoggerFactory.getLogger(RetentionSweeper.class);

	private static final List<String> FINISHED = List.of(JobStatus.SUCCEEDED.name(), JobStatus.PARTIAL.name(),
			JobStatus.FAILED.name(), JobStatus.CANCELLED.name());

	private final MongoCollection<Document> jobs;

	private final MongoCollection<Document> pages;

	private final MongoCollection<Document> events;

	private final GridFSBucket uploads;

	private final RetentionProperties properties;

	private final Clock clock;

	private final Counter removed;

	private final AuditLog audit;

	RetentionSweeper(MongoDatabase db, GridFSBucket uploads, RetentionProperties properties, Clock clock,
			MeterRegistry metrics, AuditLog audit) {
		this.jobs = db.getCollection(Collections.JOBS);
		this.pages = db.getCollection(Collections.PAGES);
		this.events = db.getCollection(Collections.JOB_EVENTS);
		this.uploads = uploads;
		this.properties = properties;
		this.clock = clock;
		this.removed = Counter.builder("ocr.retention.jobs.removed")
			.description("Finished jobs removed by the retention sweeper")
			.register(metrics);
		this.audit = audit;
	}

	/**
	 * Removes up to one batch of expired jobs.
	 * @return how many jobs this call removed
	 */
	int sweep() {
		if (this.properties.keepsForever()) {
			return 0;
		}
		int count = 0;
		while (count < this.properties.batch()) {
			Instant now = this.clock.instant();
			String token = UUID.randomUUID().toString();
			Document job = claim(now, token);
			if (job == null) {
				break;
			}
			remove(job, token);
			count++;
		}
		if (count > 0) {
			log.info("Retention: removed {} finished job(s) older than {}", count, this.properties.finishedJobs());
		}
		return count;
	}

	private Document claim(Instant now, String token) {
		Date cutoff = Date.from(now.minus(this.properties.finishedJobs()));
		return this.jobs.findOneAndUpdate(
				Filters.and(Filters.in(JobFields.STATUS, FINISHED), Filters.lt(JobFields.FINISHED_AT, cutoff),
						Filters.or(Filters.exists(JobFields.RETENTION_UNTIL, false),
								Filters.lt(JobFields.RETENTION_UNTIL, Date.from(now)))),
				Updates.combine(Updates.set(JobFields.RETENTION_CLAIM, token),
						Updates.set(JobFields.RETENTION_UNTIL, Date.from(now.plus(this.properties.lease())))),
				new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)
					.projection(Projections.include(JobFields.ID, JobFields.UPLOAD_ID, JobFields.OWNER, JobFields.STATUS,
							JobFields.FINISHED_AT)));
	}

	private void remove(Document job, String token) {
		String id = job.getString(JobFields.ID);
		deleteUpload(job.get(JobFields.UPLOAD_ID));
		long pageCount = this.pages.deleteMany(Filters.eq(PageFields.JOB_ID, id)).getDeletedCount();
		long eventCount = this.events.deleteMany(Filters.eq(EventFields.JOB_ID, id)).getDeletedCount();
		boolean deleted = this.jobs
			.deleteOne(Filters.and(Filters.eq(JobFields.ID, id), Filters.eq(JobFields.RETENTION_CLAIM, token)))
			.getDeletedCount() == 1;
		if (deleted) {
			this.removed.increment();
			Object finishedAt = job.get(JobFields.FINISHED_AT);
			this.audit.record(AuditEntry.success(AuditAction.DELETE, AuditTarget.job(id))
				.by(AuditEntry.SWEEPER)
				.with("reason", "retention")
				.with("owner", job.getString(JobFields.OWNER))
				.with("status", job.getString(JobFields.STATUS))
				.with("finishedAt", (finishedAt instanceof Date date) ? date.toInstant() : null));
		}
		log.debug("Retention: job {} removed with {} page(s) and {} event(s){}", id, pageCount, eventCount,
				deleted ? "" : " (its document was taken over or deleted meanwhile)");
	}

	private void deleteUpload(Object uploadId) {
		if (!(uploadId instanceof String hex) || !ObjectId.isValid(hex)) {
			return;
		}
		try {
			this.uploads.delete(new ObjectId(hex));
		}
		catch (MongoGridFSException ex) {
			// already gone (an earlier sweep that crashed after this step, or a delete)
			log.debug("Upload {} was already gone: {}", hex, ex.getMessage());
		}
	}

}
