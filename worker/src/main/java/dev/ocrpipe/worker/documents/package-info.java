/**
 * Access to uploaded documents: copies from GridFS into local temporary files, shared by the
 * pages of one document that land on the same worker.
 */
package dev.ocrpipe.worker.documents;
