/**
 * Jobs as clients see them: the job document, status and listing, per-page partial results,
 * final results in text, Markdown or JSON, and batches.
 */
package dev.ocrpipe.api.jobs;
