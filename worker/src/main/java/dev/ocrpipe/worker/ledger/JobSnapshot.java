package dev.ocrpipe.worker.ledger;

import org.bson.Document;

import dev.ocrpipe.common.events.PageCounts;
import dev.ocrpipe.common.jobs.DocumentType;
import dev.ocrpipe.common.jobs.JobStatus;
import dev.ocrpipe.common.store.JobFields;

/**
 * What a worker needs to know of a job document.
 *
 * @param eventSeq the last event number handed out
 */
public record JobSnapshot(String id, String owner, String batchId, JobStatus status, String uploadId,
		DocumentType type, String requestId, PageCounts counts, int round, long eventSeq) {

	static JobSnapshot of(Document doc) {
		Document counts = doc.get(JobFields.COUNTS, Document.class);
		return new JobSnapshot(String.valueOf(doc.get(JobFields.ID)), doc.getString(JobFields.OWNER),
				doc.getString(JobFields.BATCH_ID), JobStatus.valueOf(doc.getString(JobFields.STATUS)),
				doc.getString(JobFields.UPLOAD_ID),
				(doc.getString(JobFields.TYPE) != null) ? DocumentType.valueOf(doc.getString(JobFields.TYPE)) : null,
				doc.getString(JobFields.REQUEST_ID),
				(counts != null) ? new PageCounts(intOf(counts, "total"), intOf(counts, "done"),
						intOf(counts, "skipped"), intOf(counts, "failed")) : new PageCounts(0, 0, 0, 0),
				intOf(doc, JobFields.ROUND),
				(doc.get(JobFields.EVENT_SEQ) instanceof Number seq) ? seq.longValue() : 0L);
	}

	private static int intOf(Document doc, String key) {
		Object value = doc.get(key);
		return (value instanceof Number number) ? number.intValue() : 0;
	}

}
