/**
 * Planning: turns a submitted document into a page ledger and one page task per page, after
 * checking that the document can be processed at all.
 */
package dev.ocrpipe.worker.planning;
