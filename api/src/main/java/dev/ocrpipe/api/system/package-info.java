/**
 * Cross-cutting web concerns: request ids, the one RFC 9457 error shape, the current owner and
 * shared infrastructure beans.
 */
package dev.ocrpipe.api.system;
