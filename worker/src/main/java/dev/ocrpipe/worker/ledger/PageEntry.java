package dev.ocrpipe.worker.ledger;

import org.bson.Document;

import dev.ocrpipe.common.jobs.ErrorCode;
import dev.ocrpipe.common.jobs.PageStatus;
import dev.ocrpipe.common.store.PageFields;

/**
 * A page ledger entry as a worker sees it.
 */
public record PageEntry(String jobId, int page, PageStatus status, String worker, int attempts, Long seq,
		String engine, String text, ErrorCode errorCode) {

	static PageEntry of(Document doc) {
		Object seq = doc.get(PageFields.SEQ);
		String code = doc.getString(PageFields.ERROR_CODE);
		return new PageEntry(doc.getString(PageFields.JOB_ID), ((Number) doc.get(PageFields.PAGE)).intValue(),
				PageStatus.valueOf(doc.getString(PageFields.STATUS)), doc.getString(PageFields.WORKER),
				(doc.get(PageFields.ATTEMPTS) instanceof Number n) ? n.intValue() : 0,
				(seq instanceof Number n) ? n.longValue() : null, doc.getString(PageFields.ENGINE),
				doc.getString(PageFields.TEXT), (code != null) ? ErrorCode.valueOf(code) : null);
	}

}
