/**
 * Kafka message contracts. The JSON is the contract, not the Java class: change additively, and
 * give a breaking change a new {@code .v2} topic.
 */
package dev.ocrpipe.common.events;
