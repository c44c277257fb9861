/**
 * The audit trail: who did what, when, from where, with which request id and outcome, recorded
 * by every feature through {@code AuditLog} and read by admins at {@code GET /api/v1/audit}.
 */
package dev.ocrpipe.api.audit;
