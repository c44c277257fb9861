package dev.ocrpipe.api.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Repository;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import dev.ocrpipe.common.events.JobSubmitted;
import dev.ocrpipe.common.jobs.DocumentType;
import dev.ocrpipe.common.jobs.JobStatus;
import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.common.store.JobFields;

/**
 * The {@code jobs} collection as the API reads and writes it, with field names only from
 * {@link JobFields}; every read a client can trigger is filtered by owner.
 * <p>
 * It uses the driver's collection directly, not Spring Data's mapping: the mapper would turn
 * {@code _id} strings that look like ObjectIds into ObjectIds, while the shared schema (and the
 * worker) keeps the job id as a hex string.
 */
@Repository
public class JobRepository {

	private final MongoCollection<Document> jobs;

	public JobRepository(MongoTemplate mongo) {
		this.jobs = mongo.getCollection(Collections.JOBS);
	}

	/**
	 * Creates the initial QUEUED job document.
	 */
	public void insert(NewJob job) {
		Date now = Date.from(job.createdAt());
		Document document = new Document(JobFields.ID, job.id()).append(JobFields.STATUS, JobStatus.QUEUED.name())
			.append(JobFields.OWNER, job.owner());
		if (job.batchId() != null) {
			document.append(JobFields.BATCH_ID, job.batchId());
		}
		document.append(JobFields.FILENAME, job.filename())
			.append(JobFields.TYPE, job.type().name())
			.append(JobFields.SIZE_BYTES, job.sizeBytes())
			.append(JobFields.SHA256, job.sha256())
			.append(JobFields.UPLOAD_ID, job.uploadId())
			.append(JobFields.COUNTS, new Document("total", 0).append("done", 0).append("skipped", 0).append("failed", 0))
			.append(JobFields.USAGE, new Document("prompt", 0L).append("output", 0L).append("total", 0L))
			.append(JobFields.ENGINES, List.of())
			.append(JobFields.EVENT_SEQ, 0L)
			.append(JobFields.REQUEST_ID, job.requestId())
			.append(JobFields.CREATED_AT, now)
			.append(JobFields.UPDATED_AT, now)
			.append(JobFields.DISPATCH_ATTEMPTS, 0);
		this.jobs.insertOne(document);
	}

	/**
	 * Removes a job document; only for undoing a request that failed half-way.
	 */
	public void delete(String id) {
		this.jobs.deleteOne(Filters.eq(JobFields.ID, id));
	}

	/**
	 * Views of the given jobs of an owner, in the order of {@code ids}.
	 */
	public List<JobView> views(List<String> ids, String owner) {
		Map<String, JobView> byId = this.jobs.find(Filters.and(Filters.in(JobFields.ID, ids), ownedBy(owner)))
			.map(JobView::of)
			.into(new ArrayList<>())
			.stream()
			.collect(Collectors.toMap(JobView::id, Function.identity()));
		return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
	}

	/**
	 * Records that Kafka acknowledged the job's {@code JobSubmitted}.
	 */
	public void markDispatched(String id, Instant at) {
		this.jobs.updateOne(Filters.eq(JobFields.ID, id),
				Updates.combine(Updates.set(JobFields.DISPATCHED_AT, Date.from(at)),
						Updates.set(JobFields.UPDATED_AT, Date.from(at)), Updates.inc(JobFields.DISPATCH_ATTEMPTS, 1)));
	}

	/**
	 * Records a publish attempt that was not acknowledged; the job stays for the relay.
	 */
	public void markDispatchFailed(String id) {
		this.jobs.updateOne(Filters.eq(JobFields.ID, id), Updates.inc(JobFields.DISPATCH_ATTEMPTS, 1));
	}

	/**
	 * QUEUED jobs never acknowledged by Kafka and created before {@code createdBefore}, oldest
	 * first, as the messages that submit them.
	 */
	public List<JobSubmitted> findUndispatched(Instant createdBefore, int limit) {
		Bson due = Filters.and(Filters.eq(JobFields.STATUS, JobStatus.QUEUED.name()),
				Filters.exists(JobFields.DISPATCHED_AT, false), Filters.lt(JobFields.CREATED_AT, Date.from(createdBefore)));
		List<JobSubmitted> messages = new ArrayList<>();
		for (Document job : this.jobs.find(due).sort(Sorts.ascending(JobFields.ID)).limit(limit)) {
			messages.add(new JobSubmitted(job.getString(JobFields.ID), job.getString(JobFields.OWNER),
					Docs.string(job.get(JobFields.UPLOAD_ID)), parseType(job.get(JobFields.TYPE)),
					job.getString(JobFields.REQUEST_ID), Docs.instant(job.get(JobFields.CREATED_AT))));
		}
		return messages;
	}

	/** Whether a job with this id exists, whoever owns it (for the audit trail only). */
	boolean exists(String id) {
		return this.jobs.countDocuments(Filters.eq(JobFields.ID, id)) > 0;
	}

	/**
	 * A job of an owner; with a null owner (an admin's view) anyone's.
	 */
	Optional<Document> findOwned(String id, String owner) {
		return Optional.ofNullable(this.jobs.find(Filters.and(Filters.eq(JobFields.ID, id), ownedBy(owner))).first());
	}

	/**
	 * A page of an owner's jobs (everyone's for a null owner), newest first, starting below
	 * {@code beforeId} when given.
	 */
	List<Document> list(String owner, Collection<JobStatus> statuses, String beforeId, int limit) {
		List<Bson> filters = new ArrayList<>();
		filters.add(ownedBy(owner));
		if (!statuses.isEmpty()) {
			filters.add(Filters.in(JobFields.STATUS, statuses.stream().map(Enum::name).toList()));
		}
		if (beforeId != null) {
			filters.add(Filters.lt(JobFields.ID, beforeId));
		}
		return this.jobs.find(Filters.and(filters))
			.sort(Sorts.descending(JobFields.ID))
			.limit(limit)
			.into(new ArrayList<>());
	}

	List<Document> findBatch(String owner, String batchId, int limit) {
		return this.jobs.find(Filters.and(Filters.eq(JobFields.BATCH_ID, batchId), ownedBy(owner)))
			.sort(Sorts.ascending(JobFields.ID))
			.limit(limit)
			.into(new ArrayList<>());
	}

	/** The owner of a job, if it exists. */
	Optional<String> ownerOf(String id) {
		return Optional.ofNullable(this.jobs.find(Filters.eq(JobFields.ID, id))
			.projection(new Document(JobFields.OWNER, 1))
			.first()).map((job) -> job.getString(JobFields.OWNER));
	}

	/** The owner of a batch's first job, if it has any. */
	Optional<String> ownerOfBatch(String batchId) {
		return Optional.ofNullable(this.jobs.find(Filters.eq(JobFields.BATCH_ID, batchId))
			.projection(new Document(JobFields.OWNER, 1))
			.first()).map((job) -> job.getString(JobFields.OWNER));
	}

	/** Filters by owner; null (an admin's view) filters nothing. */
	private static Bson ownedBy(String owner) {
		return (owner != null) ? Filters.eq(JobFields.OWNER, owner) : Filters.empty();
	}

	private static DocumentType parseType(Object value) {
		try {
			return (value != null) ? DocumentType.valueOf(value.toString()) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
