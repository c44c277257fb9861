package dev.ocrpipe.worker.pages;

import java.util.List;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.context.event.EventListener;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.event.ListenerContainerIdleEvent;
import org.springframework.stereotype.Component;

import dev.ocrpipe.common.events.PageRequested;
import dev.ocrpipe.common.events.Topics;

/**
 * Hands each poll's page tasks to the page executor, which starts them as slots come free and
 * commits offsets only up to the first task that is not durable yet. One consumer per lane (both in
 * the {@code ocr-pages} group), so interactive tasks are fetched while the bulk consumer waits for
 * one of the slots its lane may use.
 */
@Component
class PageRequestedListener {

	static final String ID = "ocr-pages";

	/** The bulk lane's container; its id starts like the other's, so the idle commit covers it. */
	static final String BULK_ID = ID + "-bulk";

	static final String GROUP = "ocr-pages";

	private final PageExecutor executor;

	PageRequestedListener(PageExecutor executor) {
		this.executor = executor;
	}

	@KafkaListener(id = ID, topics = Topics.PAGE_REQUESTED, groupId = GROUP,
			containerFactory = "pageRequestedListenerFactory")
	void on(List<ConsumerRecord<String, PageRequested>> records, Consumer<?, ?> consumer) {
		this.executor.feed(records, consumer);
	}

	@KafkaListener(id = BULK_ID, topics = Topics.PAGE_REQUESTED_BULK, groupId = GROUP,
			containerFactory = "pageRequestedListenerFactory")
	void onBulk(List<ConsumerRecord<String, PageRequested>> records, Consumer<?, ?> consumer) {
		this.executor.feed(records, consumer);
	}

	/** No task arrived for a while: commit the pages that finished since (on the consumer thread). */
	@EventListener(condition = "event.listenerId.startsWith('" + ID + "')")
	void idle(ListenerContainerIdleEvent event) {
		this.executor.commit(event.getConsumer());
	}

}
