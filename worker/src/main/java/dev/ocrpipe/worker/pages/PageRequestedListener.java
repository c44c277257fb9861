package dev.ocrpipe.worker.pages;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import dev.ocrpipe.common.events.PageRequested;
import dev.ocrpipe.common.events.Topics;

/**
 * Hands each poll's page tasks to the page executor; returns (and so lets the batch's offsets be
 * committed) only once every page in it is durable.
 */
@Component
class PageRequestedListener {

	private final PageExecutor executor;

	PageRequestedListener(PageExecutor executor) {
		this.executor = executor;
	}

	@KafkaListener(topics = Topics.PAGE_REQUESTED, groupId = "ocr-pages", containerFactory = "pageRequestedListenerFactory")
	void on(List<ConsumerRecord<String, PageRequested>> records) {
		this.executor.processAll(records);
	}

}
