package dev.ocrpipe.common.events;

import java.time.Instant;

import dev.ocrpipe.common.jobs.DocumentType;

/**
 * The API accepted an upload, stored it in GridFS and created its job; a planner should split it
 * into pages. Carries references only, never the document's bytes.
 *
 * @param jobId the job (also the Kafka key)
 * @param owner who owns the job
 * @param uploadId the GridFS file id of the stored upload
 * @param type the document type decided from magic bytes
 * @param requestId the request id of the upload, carried into worker logs
 * @param submittedAt when the API accepted the upload
 */
public record JobSubmitted(String jobId, String owner, String uploadId, DocumentType type, String requestId,
		Instant submittedAt) {
}
