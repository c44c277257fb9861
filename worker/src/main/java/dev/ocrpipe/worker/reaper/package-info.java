/**
 * Repairs what a crash can leave behind between two writes: jobs whose ledger is complete but
 * that were never closed.
 */
package dev.ocrpipe.worker.reaper;
