package dev.ocrpipe.worker.planning;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import dev.ocrpipe.common.events.PageRequested;
import dev.ocrpipe.common.jobs.DocumentType;
import dev.ocrpipe.common.store.PageFields;

/**
 * Publishes page tasks, for the planner and for the reconciler's requeues, to the job's lane, and
 * waits until Kafka has them all.
 */
@Component
public class PageTasks {

	private final KafkaTemplate<String, Object> kafka;

	private final Clock clock;

	private final Lanes lanes;

	PageTasks(KafkaTemplate<String, Object> kafka, Clock clock, Lanes lanes) {
		this.kafka = kafka;
		this.clock = clock;
		this.lanes = lanes;
	}

	public void publish(String jobId, String uploadId, DocumentType type, String requestId, int pageCount,
			List<Integer> pages) {
		// the lane is chosen once per job (its ledger planned already) and kept for every republish
		String topic = this.lanes.of(jobId).topic();
		List<CompletableFuture<?>> sends = new ArrayList<>(pages.size());
		for (int page : pages) {
			PageRequested task = new PageRequested(jobId, page, pageCount, uploadId, type, requestId,
					this.clock.instant());
			// keyed by page, not by job: one document's pages must spread over partitions, and so over workers
			sends.add(this.kafka.send(topic, PageFields.idOf(jobId, page), task));
		}
		try {
			CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not publish the page tasks of job " + jobId, ex);
		}
	}

}
