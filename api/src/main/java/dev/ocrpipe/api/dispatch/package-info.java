/**
 * Handing jobs to the workers: publishing {@code JobSubmitted} to Kafka, and a relay that
 * republishes jobs whose publish was never acknowledged, so no stored job is lost to a broker
 * outage.
 */
package dev.ocrpipe.api.dispatch;
