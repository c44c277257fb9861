/**
 * The operations view for admins: the queue's figures ({@code GET /api/v1/ops/queue}), the same
 * numbers exported to Prometheus as gauges.
 */
package dev.ocrpipe.api.ops;
