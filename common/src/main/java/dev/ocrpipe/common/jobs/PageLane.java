package dev.ocrpipe.common.jobs;

import dev.ocrpipe.common.events.Topics;

/**
 * Which queue a job's page tasks wait in, so that an owner with little work open does not wait
 * behind another owner's batch: each lane is its own topic, and workers keep page slots back for
 * the interactive one.
 */
public enum PageLane {

	/** Jobs of owners with few pages open: always served, ahead of bulk work. */
	INTERACTIVE(Topics.PAGE_REQUESTED),

	/** Jobs of owners with many pages open: served with the slots interactive work leaves. */
	BULK(Topics.PAGE_REQUESTED_BULK);

	private final String topic;

	PageLane(String topic) {
		this.topic = topic;
	}

	/** The topic this lane's page tasks are published to. */
	public String topic() {
		return this.topic;
	}

	/** The lane of a page-task topic; any other topic is the interactive lane (the original one). */
	public static PageLane ofTopic(String topic) {
		return BULK.topic.equals(topic) ? BULK : INTERACTIVE;
	}

}
