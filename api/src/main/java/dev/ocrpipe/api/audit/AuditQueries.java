package dev.ocrpipe.api.audit;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import dev.ocrpipe.api.system.ApiProblem;
import dev.ocrpipe.api.system.CurrentOwner;
import dev.ocrpipe.api.system.ProblemCode;
import dev.ocrpipe.common.store.AuditFields;
import dev.ocrpipe.common.store.Collections;

/**
 * Reads the audit trail for admins: newest first, filtered by actor, action and a time range,
 * paged by cursor. Every read is itself recorded ({@code ADMIN_AUDIT_READ}), a refused one too.
 */
@Service
class AuditQueries {

	static final int DEFAULT_LIMIT = 50;

	static final int MAX_LIMIT = 200;

	private static final int MAX_ACTOR_LENGTH = 256;

	private static final AuditTarget TRAIL = new AuditTarget("audit", null);

	private final MongoCollection<Document> events;

	private final CurrentOwner owner;

	private final AuditLog audit;

	AuditQueries(MongoTemplate mongo, CurrentOwner owner, AuditLog audit) {
		this.events = mongo.getCollection(Collections.AUDIT_EVENTS);
		this.owner = owner;
		this.audit = audit;
	}

	/**
	 * Whether the caller may read the trail; a refusal is recorded.
	 */
	boolean admitted() {
		if (this.owner.admin()) {
			return true;
		}
		this.audit.record(AuditEntry.denied(AuditAction.ADMIN_AUDIT_READ, TRAIL, "NOT_ADMIN"));
		return false;
	}

	/**
	 * One page of events, newest first. Parameters arrive as text and are checked here, after
	 * the admin check, so that a non-admin learns nothing from a validation error.
	 * @throws ApiProblem {@code VALIDATION_FAILED} naming every bad parameter, {@code INVALID_CURSOR}
	 */
	AuditPage list(String actor, String action, String from, String to, String limit, String cursor) {
		List<Map<String, Object>> errors = new ArrayList<>();
		if (actor != null && (actor.isBlank() || actor.length() > MAX_ACTOR_LENGTH)) {
			errors.add(error("actor", "must be 1 to " + MAX_ACTOR_LENGTH + " characters"));
		}
		AuditAction parsedAction = parseAction(action, errors);
		Instant fromTime = parseTime("from", from, errors);
		Instant toTime = parseTime("to", to, errors);
		if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
			errors.add(error("to", "must be after from"));
		}
		int size = parseLimit(limit, errors);
		if (!errors.isEmpty()) {
			throw new ApiProblem(ProblemCode.VALIDATION_FAILED, "The request has invalid parameters.",
					Map.of("errors", errors));
		}
		AuditCursor after = AuditCursor.decode(cursor);

		List<Bson> filters = new ArrayList<>();
		if (actor != null) {
			filters.add(Filters.eq(AuditFields.ACTOR, actor));
		}
		if (parsedAction != null) {
			filters.add(Filters.eq(AuditFields.ACTION, parsedAction.name()));
		}
		if (fromTime != null) {
			filters.add(Filters.gte(AuditFields.AT, Date.from(fromTime)));
		}
		if (toTime != null) {
			filters.add(Filters.lt(AuditFields.AT, Date.from(toTime)));
		}
		if (after != null) {
			Date at = Date.from(after.at());
			filters.add(Filters.or(Filters.lt(AuditFields.AT, at),
					Filters.and(Filters.eq(AuditFields.AT, at), Filters.lt(AuditFields.ID, after.id()))));
		}
		List<Document> found = this.events.find(filters.isEmpty() ? new Document() : Filters.and(filters))
			.sort(Sorts.descending(AuditFields.AT, AuditFields.ID))
			.limit(size + 1)
			.into(new ArrayList<>());
		boolean more = found.size() > size;
		List<AuditView> items = found.stream().limit(size).map(AuditView::of).toList();
		AuditView last = items.isEmpty() ? null : items.get(items.size() - 1);
		String next = (more && last != null) ? new AuditCursor(last.at(), last.id()).encode() : null;

		this.audit.record(AuditEntry.success(AuditAction.ADMIN_AUDIT_READ, TRAIL)
			.with("actor", actor)
			.with("action", (parsedAction != null) ? parsedAction.name() : null)
			.with("from", fromTime)
			.with("to", toTime)
			.with("cursor", (after != null))
			.with("returned", items.size()));
		return new AuditPage(items, next);
	}

	private static AuditAction parseAction(String action, List<Map<String, Object>> errors) {
		if (action == null) {
			return null;
		}
		try {
			return AuditAction.valueOf(action.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			errors.add(error("action", "must be one of " + List.of(AuditAction.values())));
			return null;
		}
	}

	/** An instant ({@code 2025-03-01T12:00:00Z}) or a date ({@code 2025-03-01}, midnight UTC). */
	private static Instant parseTime(String field, String value, List<Map<String, Object>> errors) {
		if (value == null) {
			return null;
		}
		try {
			return (value.length() == 10) ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
					: Instant.parse(value);
		}
		catch (DateTimeException ex) {
			errors.add(error(field, "must be an ISO-8601 instant (2025-03-01T12:00:00Z) or date (2025-03-01)"));
			return null;
		}
	}

	private static int parseLimit(String limit, List<Map<String, Object>> errors) {
		if (limit == null) {
			return DEFAULT_LIMIT;
		}
		try {
			int value = Integer.parseInt(limit.strip());
			if (value >= 1 && value <= MAX_LIMIT) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		errors.add(error("limit", "must be a number from 1 to " + MAX_LIMIT));
		return DEFAULT_LIMIT;
	}

	private static Map<String, Object> error(String field, String message) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("field", field);
		error.put("message", message);
		return error;
	}

	/**
	 * One page of the audit trail and where to continue (null at the end).
	 */
	record AuditPage(List<AuditView> items, String nextCursor) {
	}

}
