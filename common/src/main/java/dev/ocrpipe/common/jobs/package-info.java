/**
 * The job and page vocabulary: states, document types and the stable error codes that the API,
 * the SPA and the runbooks all use.
 */
package dev.ocrpipe.common.jobs;
