package dev.ocrpipe.api.audit;

/**
 * How an audited action ended: done, refused for lack of a right (another owner's job, not an
 * admin), or not done for another reason (the job was not found, its state did not allow it).
 */
public enum AuditOutcome {

	SUCCESS, DENIED, FAILED

}
