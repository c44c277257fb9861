/**
 * The one-command local stack without Docker ({@link dev.ocrpipe.local.LocalStack}) and the
 * process-level pieces it is made of, which fault tests reuse to kill and restart brokers and
 * workers: {@link dev.ocrpipe.local.KafkaBroker}, {@link dev.ocrpipe.local.MongoWireServer} and
 * {@link dev.ocrpipe.local.ChildJvm}.
 */
package dev.ocrpipe.local;
