/**
 * The job documents and the page ledger in MongoDB, and the accounting that derives a job's
 * counters and final state from its ledger, so that redelivered work is never counted twice.
 */
package dev.ocrpipe.worker.ledger;
