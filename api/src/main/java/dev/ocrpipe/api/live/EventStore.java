package dev.ocrpipe.api.live;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;

import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.common.store.EventFields;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the {@code job_events} collection, where every event is stored before it is published:
 * the source of replays and of gap filling. One job's events are read by {@code _id} range
 * ({@code <jobId>:<seq, 12 digits>} sorts by seq), so they need no index of their own.
 */
class EventStore {

	private static final Logger log = LoggerFactory.getLogger(EventStore.class);

	private final MongoCollection<Document> events;

	private final JsonMapper mapper;

	EventStore(MongoTemplate mongo, JsonMapper mapper) {
		this.events = mongo.getCollection(Collections.JOB_EVENTS);
		this.mapper = mapper;
	}

	/**
	 * Events of a job with {@code after < seq < before}, in seq order.
	 */
	List<LiveEvent> between(String jobId, long after, long before, int limit) {
		List<LiveEvent> found = new ArrayList<>();
		if (before <= after + 1) {
			return found;
		}
		forEach(this.events.find(range(jobId, after, before)).sort(Sorts.ascending(EventFields.ID)).limit(limit),
				found::add);
		return found;
	}

	/**
	 * Every event of a job after {@code after}, in seq order, streamed from a cursor.
	 */
	void after(String jobId, long after, Consumer<LiveEvent> sink) {
		forEach(this.events.find(range(jobId, after, Long.MAX_VALUE)).sort(Sorts.ascending(EventFields.ID)), sink);
	}

	/**
	 * Events of a job written at or after {@code since} with a seq below {@code before}, in seq
	 * order: what a stream that first hears of a job may have missed of it.
	 */
	List<LiveEvent> since(String jobId, Instant since, long before, int limit) {
		List<LiveEvent> found = new ArrayList<>();
		forEach(this.events.find(Filters.and(range(jobId, 0, before), Filters.gte(EventFields.AT, Date.from(since))))
			.sort(Sorts.ascending(EventFields.ID))
			.limit(limit), found::add);
		return found;
	}

	/**
	 * An owner's events written at or after {@code since}, oldest first.
	 */
	List<LiveEvent> ownerSince(String owner, Instant since, int limit) {
		List<LiveEvent> found = new ArrayList<>();
		forEach(this.events
			.find(Filters.and(Filters.eq(EventFields.OWNER, owner), Filters.gte(EventFields.AT, Date.from(since))))
			.sort(Sorts.ascending(EventFields.AT, EventFields.ID))
			.limit(limit), found::add);
		return found;
	}

	/**
	 * When an event of an owner was written, if it is still stored.
	 */
	Optional<Instant> writtenAt(String owner, String jobId, long seq) {
		Document found = this.events
			.find(Filters.and(Filters.eq(EventFields.ID, EventFields.idOf(jobId, seq)),
					Filters.eq(EventFields.OWNER, owner)))
			.projection(Projections.include(EventFields.AT))
			.first();
		return Optional.ofNullable(found).map((event) -> event.get(EventFields.AT)).map(EventStore::instant);
	}

	private static Bson range(String jobId, long after, long before) {
		Bson from = Filters.gt(EventFields.ID, EventFields.idOf(jobId, after));
		// ids of one job share the "<jobId>:" prefix; ":;" bounds it when there is no upper seq
		Bson to = (before == Long.MAX_VALUE) ? Filters.lt(EventFields.ID, jobId + ";")
				: Filters.lt(EventFields.ID, EventFields.idOf(jobId, before));
		return Filters.and(from, to);
	}

	private void forEach(Iterable<Document> documents, Consumer<LiveEvent> sink) {
		for (Document document : documents) {
			Object payload = document.get(EventFields.PAYLOAD);
			if (!(payload instanceof String json)) {
				log.warn("job event {} has no JSON payload; skipped", document.get(EventFields.ID));
				continue;
			}
			try {
				sink.accept(LiveEvent.parse(this.mapper, json));
			}
			catch (IllegalArgumentException ex) {
				log.warn("job event {} is unreadable ({}); skipped", document.get(EventFields.ID), ex.getMessage());
			}
		}
	}

	private static Instant instant(Object value) {
		if (value instanceof Date date) {
			return date.toInstant();
		}
		if (value instanceof String text) {
			try {
				return Instant.parse(text);
			}
			catch (RuntimeException ex) {
				return null;
			}
		}
		return null;
	}

}
