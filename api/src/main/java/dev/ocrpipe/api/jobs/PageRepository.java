package dev.ocrpipe.api.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Repository;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;

import dev.ocrpipe.common.jobs.PageStatus;
import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.common.store.PageFields;

/**
 * Reads the page ledger (written by workers) for results; callers have already checked that the
 * job belongs to the caller. Uses the driver directly, like {@link JobRepository}, so ids are
 * compared as the strings they are.
 */
@Repository
class PageRepository {

	/** How many page documents the driver fetches per round trip while streaming a result. */
	private static final int BATCH_SIZE = 50;

	private final MongoCollection<Document> pages;

	PageRepository(MongoTemplate mongo) {
		this.pages = mongo.getCollection(Collections.PAGES);
	}

	/**
	 * Every page of a job in page order, as a cursor-backed stream: close it.
	 */
	Stream<Document> stream(String jobId) {
		MongoCursor<Document> cursor = this.pages.find(Filters.eq(PageFields.JOB_ID, jobId))
			.sort(Sorts.ascending(PageFields.PAGE))
			.batchSize(BATCH_SIZE)
			.cursor();
		return StreamSupport
			.stream(Spliterators.spliteratorUnknownSize(cursor, Spliterator.ORDERED | Spliterator.NONNULL), false)
			.onClose(cursor::close);
	}

	/**
	 * Up to {@code limit} pages after {@code after} in page order, whatever their status.
	 */
	List<Document> after(String jobId, int after, int limit) {
		return this.pages.find(Filters.and(Filters.eq(PageFields.JOB_ID, jobId), Filters.gt(PageFields.PAGE, after)))
			.sort(Sorts.ascending(PageFields.PAGE))
			.limit(limit)
			.into(new ArrayList<>());
	}

	/**
	 * Token usage of the job's pages grouped by model, only pages that used tokens: one
	 * aggregation, served by the {@code (jobId, page)} index.
	 */
	List<CostEstimator.ModelUsage> usageByModel(String jobId) {
		String prompt = PageFields.USAGE + ".prompt";
		String output = PageFields.USAGE + ".output";
		List<Document> groups = this.pages
			.aggregate(List.of(
					Aggregates.match(Filters.and(Filters.eq(PageFields.JOB_ID, jobId),
							Filters.or(Filters.gt(prompt, 0), Filters.gt(output, 0)))),
					Aggregates.group("$" + PageFields.MODEL, Accumulators.sum("pages", 1),
							Accumulators.sum("prompt", "$" + prompt), Accumulators.sum("output", "$" + output))))
			.into(new ArrayList<>());
		return groups.stream()
			.map((g) -> new CostEstimator.ModelUsage(Docs.string(g.get("_id")), Docs.integer(g.get("pages")),
					Docs.longValue(g.get("prompt")), Docs.longValue(g.get("output"))))
			.sorted(java.util.Comparator.comparing(CostEstimator.ModelUsage::model,
					java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())))
			.toList();
	}

	/**
	 * Up to {@code limit} pages in page order that carry quality flags or failed, without their text.
	 */
	List<Document> flagged(String jobId, int limit) {
		return this.pages.find(Filters.and(Filters.eq(PageFields.JOB_ID, jobId), flaggedOrFailed()))
			.projection(Projections.include(PageFields.PAGE, PageFields.STATUS, PageFields.FLAGS, PageFields.ERROR_CODE,
					PageFields.ERROR_MESSAGE))
			.sort(Sorts.ascending(PageFields.PAGE))
			.limit(limit)
			.into(new ArrayList<>());
	}

	/**
	 * How many of the job's pages carry at least one quality flag.
	 */
	long countWithFlags(String jobId) {
		return this.pages.countDocuments(Filters.and(Filters.eq(PageFields.JOB_ID, jobId), hasFlags()));
	}

	private static org.bson.conversions.Bson hasFlags() {
		return Filters.exists(PageFields.FLAGS + ".0");
	}

	private static org.bson.conversions.Bson flaggedOrFailed() {
		return Filters.or(hasFlags(), Filters.eq(PageFields.STATUS, PageStatus.FAILED.name()));
	}

}
