/**
 * Sandbox processes: every uploaded byte is decoded in a child JVM with a hard memory cap, a
 * deadline and no network, kept warm in a pool, killed and replaced when it misbehaves, so a
 * hostile document fails its page or job and never the worker.
 */
package dev.ocrpipe.worker.sandbox;
