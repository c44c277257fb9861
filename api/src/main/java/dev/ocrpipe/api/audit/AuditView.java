package dev.ocrpipe.api.audit;

import java.time.Instant;
import java.util.Date;
import java.util.Map;

import org.bson.Document;

import dev.ocrpipe.common.store.AuditFields;

/**
 * One audit event as {@code GET /api/v1/audit} shows it.
 */
record AuditView(String id, Instant at, String actor, String action, AuditTarget target, String outcome,
		String reason, String ip, String requestId, String userAgent, Map<String, Object> details) {

	static AuditView of(Document event) {
		String targetType = event.getString(AuditFields.TARGET_TYPE);
		Object details = event.get(AuditFields.DETAILS);
		return new AuditView(event.getString(AuditFields.ID), event.get(AuditFields.AT, Date.class).toInstant(),
				event.getString(AuditFields.ACTOR), event.getString(AuditFields.ACTION),
				(targetType != null) ? new AuditTarget(targetType, event.getString(AuditFields.TARGET_ID)) : null,
				event.getString(AuditFields.OUTCOME), event.getString(AuditFields.REASON),
				event.getString(AuditFields.IP), event.getString(AuditFields.REQUEST_ID),
				event.getString(AuditFields.USER_AGENT), (details instanceof Document document) ? document : Map.of());
	}

}
