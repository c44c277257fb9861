/**
 * Live progress over Server-Sent Events: every API instance consumes the job-events topic with its
 * own consumer group and forwards each event to the streams it serves (one job, all of an owner's
 * jobs, one batch), replaying from {@code job_events} what a reconnecting client missed.
 */
package dev.ocrpipe.api.live;
