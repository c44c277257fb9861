package dev.ocrpipe.worker.pages;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

import dev.ocrpipe.common.events.PageRequested;
import dev.ocrpipe.common.jobs.PageLane;
import dev.ocrpipe.worker.messaging.MessagingProperties;
import dev.ocrpipe.worker.ocr.OcrPriority;
import dev.ocrpipe.worker.ocr.Pauses;
import dev.ocrpipe.worker.ocr.WorkerStopping;

/**
 * Feeds page tasks to a fixed number of slots, on virtual threads, as slots come free: a slow page
 * holds its own slot and nothing else. Bulk-lane tasks may not take the slots kept back for the
 * interactive lane ({@link LaneSlots}). Offsets are committed by the consumer (on its thread) up to
 * the lowest task that is not durable yet, never past it; a task that keeps failing is retried with
 * backoff in its slot and then dead-lettered, like the error handler does for other listeners.
 */
@Component
class PageExecutor implements ConsumerAwareRebalanceListener, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(PageExecutor.class);

	/** How often the consumer commits while it waits for a slot. */
	private static final Duration COMMIT_EVERY = Duration.ofMillis(200);

	private final PageProcessor processor;

	private final LaneSlots slots;

	private final Offsets offsets = new Offsets();

	private final ConsumerRecordRecoverer deadLetters;

	private final ExponentialBackOff backOff;

	private final Duration grace;

	private final Pauses pauses;

	private final MeterRegistry meters;

	private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
			Thread.ofVirtual().name("page-", 0).factory());

	PageExecutor(PageProcessor processor, PageSlots slots, PageProperties properties, MessagingProperties messaging,
			ConsumerRecordRecoverer deadLetters, Pauses pauses, MeterRegistry meters, FairnessProperties fairness) {
		this.processor = processor;
		this.slots = new LaneSlots(slots.count(), fairness.reserved(slots.count()));
		this.deadLetters = deadLetters;
		this.backOff = new ExponentialBackOff(messaging.retryInitial().toMillis(), 2.0);
		this.backOff.setMaxInterval(messaging.retryMax().toMillis());
		this.backOff.setMaxElapsedTime(messaging.retryElapsed().toMillis());
		this.grace = properties.shutdownGrace();
		this.pauses = pauses;
		this.meters = meters;
		Gauge.builder("ocr.pages.in_flight", this.slots, LaneSlots::inFlight)
			.description("pages being processed by this worker")
			.register(meters);
		Gauge.builder("ocr.pages.in_flight.bulk", this.slots, LaneSlots::bulkInFlight)
			.description("pages of the bulk lane being processed by this worker")
			.register(meters);
		Gauge.builder("ocr.pages.slots", this.slots, LaneSlots::slots)
			.description("pages this worker may process at once")
			.register(meters);
		Gauge.builder("ocr.pages.slots.reserved", this.slots, LaneSlots::reserved)
			.description("page slots the bulk lane may not take, kept for interactive pages")
			.register(meters);
	}

	/**
	 * Starts each task of a poll as soon as a slot of its lane is free (on the consumer thread),
	 * committing what is durable meanwhile; returns once every task has a slot, not when they are
	 * done. Each lane has its own consumer, so a bulk consumer waiting for a slot holds up no
	 * interactive task.
	 */
	void feed(List<ConsumerRecord<String, PageRequested>> records, Consumer<?, ?> consumer) {
		List<Offsets.Ticket> tickets = new ArrayList<>(records.size());
		// every task of the poll holds the commit back from the start, not only once it has a slot
		records.forEach((record) -> tickets.add(this.offsets.take(record)));
		for (int i = 0; i < records.size(); i++) {
			Offsets.Ticket ticket = tickets.get(i);
			if (ticket == null) {
				continue;
			}
			PageLane lane = PageLane.ofTopic(records.get(i).topic());
			if (!acquire(consumer, lane)) {
				// stopping: the tasks not started stay uncommitted and go to another worker
				tickets.subList(i, tickets.size()).stream().filter((t) -> t != null).forEach(this.offsets::handBack);
				break;
			}
			ConsumerRecord<String, PageRequested> record = records.get(i);
			this.threads.execute(() -> run(record, ticket, lane));
		}
		commit(consumer);
	}

	/** Commits what became durable, e.g. while no task arrives (on the consumer thread). */
	void commit(Consumer<?, ?> consumer) {
		Map<TopicPartition, OffsetAndMetadata> durable = this.offsets.committable(consumer.assignment(), false);
		if (!durable.isEmpty()) {
			consumer.commitAsync(durable, (committed, failure) -> {
				if (failure != null) {
					// a later commit covers these offsets; until then a crash only redelivers no-ops
					log.debug("could not commit page offsets {}: {}", committed, failure.toString());
				}
			});
		}
	}

	private boolean acquire(Consumer<?, ?> consumer, PageLane lane) {
		try {
			while (!this.slots.tryAcquire(lane, COMMIT_EVERY)) {
				if (this.pauses.isShuttingDown()) {
					return false;
				}
				commit(consumer);
			}
			if (this.pauses.isShuttingDown()) {
				this.slots.release(lane);
				return false;
			}
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void run(ConsumerRecord<String, PageRequested> record, Offsets.Ticket ticket, PageLane lane) {
		PageRequested task = record.value();
		try (var requestId = MDC.putCloseable("requestId", (task != null) ? task.requestId() : null);
				var jobId = MDC.putCloseable("jobId", (task != null) ? task.jobId() : null)) {
			// an interactive page goes ahead of bulk ones where OCR calls wait for the fleet's quota
			OcrPriority.run(lane == PageLane.INTERACTIVE, () -> process(record));
			this.offsets.done(ticket);
		}
		catch (WorkerStopping ex) {
			// the only way a task is handed back: process() retries or dead-letters everything else
			this.offsets.handBack(ticket);
		}
		catch (Throwable ex) {
			// not expected (process() lets nothing else out): do not hold a revoke up for the grace
			log.error("page task {}-{}@{} was neither done nor dead-lettered; it stays uncommitted", record.topic(),
					record.partition(), record.offset(), ex);
			this.offsets.handBack(ticket);
		}
		finally {
			this.slots.release(lane);
		}
	}

	/**
	 * Processes one task; a failure that may pass (MongoDB or Kafka briefly away, an error such as an
	 * {@link OutOfMemoryError} on the page thread) is retried with backoff, then the task goes to the
	 * dead-letter topic. Its page was released by then, never left RUNNING nor recorded empty. Only
	 * {@link WorkerStopping} gets out of here.
	 */
	private void process(ConsumerRecord<String, PageRequested> record) {
		if (record.value() == null) {
			// the deserializer kept the raw bytes and the reason in the headers
			deadLetter(record, new IllegalArgumentException("unreadable page task"));
			return;
		}
		BackOffExecution backOff = this.backOff.start();
		while (true) {
			try {
				this.processor.process(record.value());
				return;
			}
			catch (WorkerStopping ex) {
				throw ex;
			}
			catch (IllegalArgumentException ex) {
				deadLetter(record, ex);
				return;
			}
			catch (RuntimeException | Error ex) {
				long wait = backOff.nextBackOff();
				if (wait == BackOffExecution.STOP) {
					deadLetter(record, (ex instanceof RuntimeException failure) ? failure
							: new IllegalStateException("the page thread failed: " + ex, ex));
					return;
				}
				log.warn("page task {}-{}@{} failed, trying again in {} ms: {}", record.topic(), record.partition(),
						record.offset(), wait, ex.toString());
				if (!this.pauses.pause(Duration.ofMillis(wait))) {
					throw new WorkerStopping();
				}
			}
		}
	}

	private void deadLetter(ConsumerRecord<String, PageRequested> record, Exception reason) {
		while (true) {
			try {
				this.deadLetters.accept(record, reason);
				this.meters.counter("ocr.pages.dead_lettered").increment();
				log.warn("page task {}-{}@{} sent to the dead-letter topic: {}", record.topic(), record.partition(),
						record.offset(), reason.toString());
				return;
			}
			catch (WorkerStopping ex) {
				throw ex;
			}
			catch (RuntimeException | Error ex) {
				// committed only once it is durable or dead-lettered: keep trying
				log.warn("could not dead-letter page task {}-{}@{}: {}", record.topic(), record.partition(),
						record.offset(), ex.toString());
				if (!this.pauses.pause(Duration.ofMillis(this.backOff.getMaxInterval()))) {
					throw new WorkerStopping();
				}
			}
		}
	}

	/**
	 * Before partitions go (a rebalance, or this worker stopping): lets their pages in flight finish
	 * within the shutdown grace and commits what is durable, so the next holder starts after it.
	 */
	@Override
	public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		try {
			if (!this.offsets.awaitSettled(partitions, this.grace)) {
				log.warn("{} page tasks of revoked partitions still running after {}; their next holder takes them over",
						this.offsets.active(partitions), this.grace);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		Map<TopicPartition, OffsetAndMetadata> durable = this.offsets.committable(partitions, true);
		try {
			if (!durable.isEmpty()) {
				consumer.commitSync(durable);
			}
		}
		catch (RuntimeException ex) {
			log.warn("could not commit page offsets of revoked partitions {}: {}", durable, ex.toString());
		}
		finally {
			this.offsets.forget(partitions);
		}
	}

	/** Partitions lost without a revoke (a session timeout): nothing can be committed for them. */
	@Override
	public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		this.offsets.forget(partitions);
	}

	@Override
	public void destroy() {
		this.threads.close();
	}

}
