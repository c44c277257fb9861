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
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

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

}
