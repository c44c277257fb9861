package dev.ocrpipe.common.events;

import java.time.Instant;

import dev.ocrpipe.common.jobs.DocumentType;

/**
 * One page of a planned job waits to be rendered and recognised. Delivered at least once: the
 * page ledger makes a second delivery a no-op.
 *
 * @param jobId the job (the Kafka key is the page id, {@code <jobId>:<page>})
 * @param page the page number, starting at 1
 * @param pages how many pages the job has
 * @param uploadId the GridFS file id of the document
 * @param type the document type
 * @param requestId the request id of the upload, carried into worker logs
 * @param requestedAt when the planner published this task
 */
public record PageRequested(String jobId, int page, int pages, String uploadId, DocumentType type,
		String requestId, Instant requestedAt) {
}
