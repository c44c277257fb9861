package dev.ocrpipe.api.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;

import dev.ocrpipe.api.system.ClientAddress;
import dev.ocrpipe.api.system.CurrentOwner;
import dev.ocrpipe.api.system.RequestIds;
import dev.ocrpipe.common.store.AuditFields;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Records audit events for every feature, synchronously, in {@code audit_events}. Recording never
 * fails the caller's request: an error is logged and counted ({@code ocr.audit.write.failures})
 * and the request goes on. Synchronous because an event is then stored before the client has its
 * answer (an async queue loses what it holds when the instance dies, and needs its own bounds and
 * threads) at the cost of one small insert on the MongoDB the request uses anyway.
 */
public class AuditLog {

	private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

	static final int MAX_USER_AGENT_LENGTH = 256;

	static final String FAILURES = "ocr.audit.write.failures";

	private final MongoCollection<Document> events;

	private final CurrentOwner owner;

	private final ClientAddress clientAddress;

	private final Clock clock;

	private final Counter failures;

	public AuditLog(MongoCollection<Document> events, CurrentOwner owner, ClientAddress clientAddress, Clock clock,
			MeterRegistry metrics) {
		this.events = events;
		this.owner = owner;
		this.clientAddress = clientAddress;
		this.clock = clock;
		this.failures = Counter.builder(FAILURES)
			.description("Audit events that could not be stored (the request went on)")
			.register(metrics);
	}

	/**
	 * Records what the caller of the current request (or the entry's own actor) did; never throws.
	 */
	public void record(AuditEntry entry) {
		try {
			write(entry);
		}
		catch (RuntimeException ex) {
			failed(entry, ex);
		}
	}

	/**
	 * Stores the entry; an entry with a deterministic id that is stored already counts as done.
	 * @throws RuntimeException when it could not be stored
	 */
	void write(AuditEntry entry) {
		try {
			this.events.insertOne(document(entry));
		}
		catch (MongoWriteException ex) {
			if (entry.id() == null || ex.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
				throw ex;
			}
			// recorded before: by an earlier delivery, or by another instance
		}
	}

	/** Counts and logs an entry that could not be stored. */
	void failed(AuditEntry entry, Exception ex) {
		this.failures.increment();
		log.warn("Could not record audit event {} {} on {}: {}", entry.action(), entry.outcome(), entry.target(),
				ex.toString());
	}

	private Document document(AuditEntry entry) {
		HttpServletRequest request = currentRequest();
		// milliseconds: what a BSON date holds, so the stored time and the cursor's agree
		Instant at = ((entry.at() != null) ? entry.at() : this.clock.instant()).truncatedTo(ChronoUnit.MILLIS);
		Document document = new Document(AuditFields.ID, (entry.id() != null) ? entry.id() : new ObjectId().toHexString())
			.append(AuditFields.AT, Date.from(at))
			.append(AuditFields.ACTOR, (entry.actor() != null) ? entry.actor() : this.owner.id())
			.append(AuditFields.ACTION, entry.action().name())
			.append(AuditFields.OUTCOME, entry.outcome().name());
		if (entry.reason() != null) {
			document.append(AuditFields.REASON, entry.reason());
		}
		if (entry.target() != null) {
			document.append(AuditFields.TARGET_TYPE, entry.target().type());
			if (entry.target().id() != null) {
				document.append(AuditFields.TARGET_ID, entry.target().id());
			}
		}
		if (request != null) {
			putIfPresent(document, AuditFields.IP, this.clientAddress.of(request));
			putIfPresent(document, AuditFields.REQUEST_ID, RequestIds.of(request));
			putIfPresent(document, AuditFields.USER_AGENT,
					AuditEntry.cut(request.getHeader("User-Agent"), MAX_USER_AGENT_LENGTH));
		}
		if (!entry.details().isEmpty()) {
			document.append(AuditFields.DETAILS, new Document(entry.details()));
		}
		return document;
	}

	private static void putIfPresent(Document document, String key, String value) {
		if (value != null && !value.isEmpty()) {
			document.append(key, value);
		}
	}

	/** The request being handled on this thread, or null (a Kafka listener, a scheduled task). */
	private static HttpServletRequest currentRequest() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		return (attributes instanceof ServletRequestAttributes servlet) ? servlet.getRequest() : null;
	}

}
