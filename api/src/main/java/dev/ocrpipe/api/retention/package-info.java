/**
 * Data retention: finished jobs, with their pages, events and stored uploads, are removed after a
 * configurable period by a sweeper that is safe to run on every API instance.
 */
package dev.ocrpipe.api.retention;
