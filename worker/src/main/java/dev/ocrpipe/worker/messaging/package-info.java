/**
 * Kafka wiring of the worker: topics, consumer factories, the error handler with its dead-letter
 * topics, and the publisher of job events.
 */
package dev.ocrpipe.worker.messaging;
