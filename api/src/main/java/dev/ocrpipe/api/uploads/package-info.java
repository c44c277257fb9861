/**
 * Accepting documents: multipart and base64 uploads, validated whole before anything is stored,
 * streamed into GridFS, turned into jobs and handed to dispatch.
 */
package dev.ocrpipe.api.uploads;
