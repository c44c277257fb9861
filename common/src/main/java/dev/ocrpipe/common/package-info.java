/**
 * What api and worker must agree on: Kafka message contracts, the job and page vocabulary,
 * and the names of the MongoDB collections and fields both of them read and write.
 */
package dev.ocrpipe.common;
