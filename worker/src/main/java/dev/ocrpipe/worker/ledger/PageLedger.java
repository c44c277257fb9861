package dev.ocrpipe.worker.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.bson.Document;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import dev.ocrpipe.common.events.PageCounts;
import dev.ocrpipe.common.jobs.ErrorCode;
import dev.ocrpipe.common.jobs.PageStatus;
import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.common.store.PageFields;
import dev.ocrpipe.worker.ocr.OcrResult.TokenUsage;

/**
 * The page ledger: one document per page, keyed by {@code (jobId, page)}. A page moves to a
 * terminal state at most once; everything else about a job is derived from these documents.
 */
@Component
public class PageLedger {

	private static final List<String> OPEN = List.of(PageStatus.QUEUED.name(), PageStatus.RUNNING.name());

	private final MongoTemplate mongo;

	private final Clock clock;

	PageLedger(MongoTemplate mongo, Clock clock) {
		this.mongo = mongo;
		this.clock = clock;
	}

	/**
	 * Writes one QUEUED entry per page; entries that exist are left as they are, so planning the
	 * same job twice changes nothing.
	 */
	public void plan(String jobId, String owner, int pages) {
		Instant now = this.clock.instant();
		int batch = 500;
		for (int from = 1; from <= pages; from += batch) {
			BulkOperations bulk = this.mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, Collections.PAGES);
			for (int page = from; page < from + batch && page <= pages; page++) {
				Update insert = new Update().setOnInsert(PageFields.JOB_ID, jobId)
					.setOnInsert(PageFields.OWNER, owner)
					.setOnInsert(PageFields.PAGE, page)
					.setOnInsert(PageFields.STATUS, PageStatus.QUEUED.name())
					.setOnInsert(PageFields.ATTEMPTS, 0)
					.setOnInsert(PageFields.CREATED_AT, now);
				bulk.upsert(Query.query(Criteria.where(PageFields.ID).is(PageFields.idOf(jobId, page))), insert);
			}
			bulk.execute();
		}
	}

	/** Removes a job's ledger (its job was deleted while it was being planned). */
	public void deleteAll(String jobId) {
		this.mongo.remove(Query.query(Criteria.where(PageFields.JOB_ID).is(jobId)), Collections.PAGES);
	}

	/** How many pages of these jobs are not terminal yet (queued or running). */
	public long openPagesOf(Collection<String> jobIds) {
		if (jobIds.isEmpty()) {
			return 0;
		}
		return this.mongo.count(Query.query(Criteria.where(PageFields.JOB_ID).in(jobIds).and(PageFields.STATUS).in(OPEN)),
				Collections.PAGES);
	}

	/** Page numbers of a job that are QUEUED (no worker holds them), in order. */
	public List<Integer> queuedPages(String jobId) {
		return pagesIn(jobId, List.of(PageStatus.QUEUED.name()));
	}

	/** Page numbers of a job that are not terminal yet, in order. */
	public List<Integer> openPages(String jobId) {
		return pagesIn(jobId, OPEN);
	}

	private List<Integer> pagesIn(String jobId, List<String> statuses) {
		Query query = Query.query(Criteria.where(PageFields.JOB_ID).is(jobId).and(PageFields.STATUS).in(statuses));
		query.fields().include(PageFields.PAGE);
		List<Integer> pages = new ArrayList<>();
		for (Document doc : this.mongo.find(query, Document.class, Collections.PAGES)) {
			pages.add(((Number) doc.get(PageFields.PAGE)).intValue());
		}
		pages.sort(null);
		return pages;
	}

	public Optional<PageEntry> find(String jobId, int page) {
		return Optional.ofNullable(this.mongo.findById(PageFields.idOf(jobId, page), Document.class, Collections.PAGES))
			.map(PageEntry::of);
	}

	/**
	 * Takes a page for this worker: an open page becomes RUNNING, held by {@code incarnation} until
	 * the lease ends, and its attempt count goes up.
	 * @return the page as it is after the claim, or as it was if it could not be claimed
	 */
	public Claim claim(String jobId, int page, String incarnation, Duration lease) {
		Instant now = this.clock.instant();
		Query query = Query.query(Criteria.where(PageFields.ID)
			.is(PageFields.idOf(jobId, page))
			.and(PageFields.STATUS)
			.in(OPEN)
			.and(PageFields.WORKER)
			.ne(incarnation));
		Update update = new Update().set(PageFields.STATUS, PageStatus.RUNNING.name())
			.set(PageFields.WORKER, incarnation)
			.set(PageFields.LEASE_UNTIL, now.plus(lease))
			.set(PageFields.STARTED_AT, now)
			.inc(PageFields.ATTEMPTS, 1);
		Document claimed = this.mongo.findAndModify(query, update, FindAndModifyOptions.options().returnNew(true),
				Document.class, Collections.PAGES);
		if (claimed != null) {
			return new Claim(true, PageEntry.of(claimed));
		}
		return new Claim(false, find(jobId, page).orElse(null));
	}

	/**
	 * Gives a page this worker holds back to the queue without an outcome (its job is being
	 * cancelled).
	 */
	public void release(String jobId, int page, String incarnation) {
		Query query = Query.query(Criteria.where(PageFields.ID)
			.is(PageFields.idOf(jobId, page))
			.and(PageFields.STATUS)
			.is(PageStatus.RUNNING.name())
			.and(PageFields.WORKER)
			.is(incarnation));
		this.mongo.updateFirst(query, new Update().set(PageFields.STATUS, PageStatus.QUEUED.name())
			.unset(PageFields.WORKER)
			.unset(PageFields.LEASE_UNTIL), Collections.PAGES);
	}

	/**
	 * Moves the lease of pages this worker is still working on forward, so that a page that waits
	 * long (for the bulkhead, the quota, a slow call) is not taken for lost and done twice.
	 * @param pageIds the ids of the pages in flight in this process
	 * @return how many leases were moved
	 */
	public long renewLeases(Collection<String> pageIds, String incarnation, Duration lease) {
		if (pageIds.isEmpty()) {
			return 0;
		}
		Query query = Query.query(Criteria.where(PageFields.ID)
			.in(pageIds)
			.and(PageFields.STATUS)
			.is(PageStatus.RUNNING.name())
			.and(PageFields.WORKER)
			.is(incarnation));
		return this.mongo
			.updateMulti(query, new Update().set(PageFields.LEASE_UNTIL, this.clock.instant().plus(lease)),
					Collections.PAGES)
			.getModifiedCount();
	}

	/**
	 * Pages held past their lease (their worker hung, or died in a way Kafka did not notice), at most
	 * {@code limit}, as {@code (jobId, page)}.
	 */
	public List<PageEntry> expiredLeases(int limit) {
		Query query = Query.query(Criteria.where(PageFields.STATUS)
			.is(PageStatus.RUNNING.name())
			.and(PageFields.LEASE_UNTIL)
			.lt(this.clock.instant())).limit(limit);
		return this.mongo.find(query, Document.class, Collections.PAGES).stream().map(PageEntry::of).toList();
	}

	/**
	 * Puts a page whose lease ran out back in the queue, unless someone finished or took it meanwhile.
	 * @return whether this call did it
	 */
	public boolean requeue(String jobId, int page) {
		Query query = Query.query(Criteria.where(PageFields.ID)
			.is(PageFields.idOf(jobId, page))
			.and(PageFields.STATUS)
			.is(PageStatus.RUNNING.name())
			.and(PageFields.LEASE_UNTIL)
			.lt(this.clock.instant()));
		return this.mongo.updateFirst(query, new Update().set(PageFields.STATUS, PageStatus.QUEUED.name())
			.unset(PageFields.WORKER)
			.unset(PageFields.LEASE_UNTIL), Collections.PAGES).getModifiedCount() == 1;
	}

	/** Whether any page of the job is held by a worker whose lease has not run out. */
	public boolean anyRunning(String jobId) {
		Query query = Query.query(Criteria.where(PageFields.JOB_ID)
			.is(jobId)
			.and(PageFields.STATUS)
			.is(PageStatus.RUNNING.name())
			.and(PageFields.LEASE_UNTIL)
			.gt(this.clock.instant()));
		return this.mongo.exists(query, Collections.PAGES);
	}

	/**
	 * Moves a page this worker claimed to its terminal state, unless it is terminal already.
	 * @param claimed the page as the claim left it
	 * @return the page as recorded, when this call made the change (no need to read it back)
	 */
	public Optional<PageEntry> complete(PageEntry claimed, PageOutcome outcome) {
		if (!complete(claimed.jobId(), claimed.page(), outcome)) {
			return Optional.empty();
		}
		return Optional.of(new PageEntry(claimed.jobId(), claimed.page(), outcome.status(), claimed.worker(),
				claimed.attempts(), claimed.seq(), outcome.engine(), outcome.storedText(), outcome.errorCode()));
	}

	/**
	 * Moves a page to its terminal state, unless it is terminal already.
	 * @return whether this call made the change
	 */
	public boolean complete(String jobId, int page, PageOutcome outcome) {
		Instant now = this.clock.instant();
		Update update = new Update().set(PageFields.STATUS, outcome.status().name())
			.set(PageFields.FINISHED_AT, now)
			.unset(PageFields.LEASE_UNTIL);
		outcome.writeTo(update);
		Query query = Query.query(
				Criteria.where(PageFields.ID).is(PageFields.idOf(jobId, page)).and(PageFields.STATUS).in(OPEN));
		return this.mongo.updateFirst(query, update, Collections.PAGES).getModifiedCount() == 1;
	}

	/**
	 * Gives the page its event sequence number, once.
	 * @return whether this call set it
	 */
	public boolean assignSeq(String jobId, int page, long seq) {
		Query query = Query.query(
				Criteria.where(PageFields.ID).is(PageFields.idOf(jobId, page)).and(PageFields.SEQ).exists(false));
		return this.mongo.updateFirst(query, new Update().set(PageFields.SEQ, seq), Collections.PAGES)
			.getModifiedCount() == 1;
	}

	/** The error code of the lowest-numbered failed page of a job. */
	public Optional<ErrorCode> firstFailureCode(String jobId) {
		Query query = Query
			.query(Criteria.where(PageFields.JOB_ID).is(jobId).and(PageFields.STATUS).is(PageStatus.FAILED.name()))
			.with(Sort.by(PageFields.PAGE))
			.limit(1);
		return Optional.ofNullable(this.mongo.findOne(query, Document.class, Collections.PAGES))
			.map((doc) -> doc.getString(PageFields.ERROR_CODE))
			.map(ErrorCode::valueOf);
	}

	/**
	 * Counts a job's pages by state and sums their token usage, straight from the ledger.
	 */
	public Tally tally(String jobId) {
		Aggregation aggregation = Aggregation.newAggregation(
				Aggregation.match(Criteria.where(PageFields.JOB_ID).is(jobId)),
				Aggregation.group(PageFields.STATUS)
					.count()
					.as("n")
					.sum(PageFields.USAGE + ".prompt")
					.as("prompt")
					.sum(PageFields.USAGE + ".output")
					.as("output")
					.sum(PageFields.USAGE + ".total")
					.as("total"));
		int total = 0;
		int done = 0;
		int skipped = 0;
		int failed = 0;
		int prompt = 0;
		int output = 0;
		int tokens = 0;
		for (Document group : this.mongo.aggregate(aggregation, Collections.PAGES, Document.class)) {
			int n = ((Number) group.get("n")).intValue();
			total += n;
			prompt += intOf(group.get("prompt"));
			output += intOf(group.get("output"));
			tokens += intOf(group.get("total"));
			switch (PageStatus.valueOf(String.valueOf(group.get("_id")))) {
				case DONE -> done += n;
				case SKIPPED_TEXT_LAYER -> skipped += n;
				case FAILED -> failed += n;
				case QUEUED, RUNNING -> {
				}
			}
		}
		return new Tally(new PageCounts(total, done, skipped, failed), new TokenUsage(prompt, output, tokens));
	}

	private static int intOf(Object value) {
		return (value instanceof Number number) ? number.intValue() : 0;
	}

	/**
	 * The result of {@link #claim}.
	 *
	 * @param claimed whether this worker now holds the page
	 * @param page the page after the claim, or as found (null when the ledger has no such page)
	 */
	public record Claim(boolean claimed, PageEntry page) {
	}

	/**
	 * Counters and token totals of one job, derived from its ledger.
	 */
	public record Tally(PageCounts counts, TokenUsage usage) {
	}

}
