package dev.ocrpipe.api.jobs;

import java.time.Instant;

import dev.ocrpipe.common.jobs.DocumentType;

/**
 * What an upload knows about the job it creates; {@link JobRepository#insert(NewJob)} turns it
 * into the initial QUEUED job document.
 *
 * @param id the job id (ObjectId hex)
 * @param owner the owner
 * @param batchId the batch of a multi-file upload, or null
 * @param filename the sanitised original file name
 * @param type the type decided from the bytes
 * @param sizeBytes bytes stored
 * @param sha256 SHA-256 of the stored bytes, hex
 * @param uploadId the GridFS file id, hex
 * @param requestId the request id of the upload
 * @param createdAt when the upload was accepted
 */
public record NewJob(String id, String owner, String batchId, String filename, DocumentType type, long sizeBytes,
		String sha256, String uploadId, String requestId, Instant createdAt) {
}
