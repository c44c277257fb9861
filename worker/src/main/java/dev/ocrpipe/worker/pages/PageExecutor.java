package dev.ocrpipe.worker.pages;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

import dev.ocrpipe.common.events.PageRequested;

/**
 * Runs page tasks on virtual threads, at most {@code concurrency} at once per worker.
 */
@Component
class PageExecutor implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(PageExecutor.class);

	private final PageProcessor processor;

	private final Semaphore permits;

	private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
			Thread.ofVirtual().name("page-", 0).factory());

	PageExecutor(PageProcessor processor, PageProperties properties, MeterRegistry meters) {
		this.processor = processor;
		this.permits = new Semaphore(properties.concurrency());
		Gauge.builder("ocr.pages.in_flight", this.permits, (p) -> properties.concurrency() - p.availablePermits())
			.description("pages being processed by this worker")
			.register(meters);
	}

	/**
	 * Processes a batch, returning when every page is durable.
	 * @throws BatchListenerFailedException naming the first record that failed or could not be
	 * read, so the error handler commits what came before it and retries or dead-letters it
	 */
	void processAll(List<ConsumerRecord<String, PageRequested>> records) {
		List<Future<?>> running = new ArrayList<>(records.size());
		for (ConsumerRecord<String, PageRequested> record : records) {
			PageRequested task = record.value();
			if (task == null) {
				running.add(null);
				continue;
			}
			this.permits.acquireUninterruptibly();
			running.add(this.threads.submit(() -> {
				try (var requestId = MDC.putCloseable("requestId", task.requestId());
						var jobId = MDC.putCloseable("jobId", task.jobId())) {
					this.processor.process(task);
				}
				finally {
					this.permits.release();
				}
			}));
		}
		RuntimeException firstFailure = null;
		int firstFailed = -1;
		for (int i = 0; i < running.size(); i++) {
			try {
				if (running.get(i) == null) {
					throw new IllegalArgumentException("unreadable page task");
				}
				running.get(i).get();
			}
			catch (Exception ex) {
				if (firstFailed < 0) {
					firstFailed = i;
					firstFailure = (ex.getCause() instanceof RuntimeException cause) ? cause
							: (ex instanceof RuntimeException runtime) ? runtime : new IllegalStateException(ex);
				}
			}
		}
		if (firstFailed >= 0) {
			log.warn("page task {} of {} in this batch failed: {}", firstFailed + 1, records.size(),
					firstFailure.toString());
			throw new BatchListenerFailedException("page task failed", firstFailure, records.get(firstFailed));
		}
	}

	@Override
	public void destroy() {
		this.threads.close();
	}

}
