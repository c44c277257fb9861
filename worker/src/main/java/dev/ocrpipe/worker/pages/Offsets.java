package dev.ocrpipe.worker.pages;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which page-task offsets may be committed: per partition, the offsets taken but not yet durable.
 * Tasks finish in any order; a partition's commit goes up to its lowest open offset and never past
 * it, so a crash redelivers every task that is not durable (and some that are: no-ops). Thread-safe.
 */
final class Offsets {

	private final Map<TopicPartition, Partition> partitions = new HashMap<>();

	/** One partition's open offsets, for as long as this consumer holds it. */
	private static final class Partition {

		private final TreeSet<Long> open = new TreeSet<>();

		/** The offset after the last one taken. */
		private long next;

		/** The last offset handed out for commit. */
		private long committed = -1;

		/** Tasks taken that are neither done nor handed back. */
		private int active;

		Partition(long first) {
			this.next = first;
		}

		long committable() {
			return this.open.isEmpty() ? this.next : this.open.first();
		}

	}

	/**
	 * A task taken from one partition; settle it once with {@link #done} or {@link #handBack}.
	 *
	 * @param partition where the task came from
	 * @param offset its offset
	 */
	record Ticket(TopicPartition partition, long offset, Object holder) {
	}

	/**
	 * Takes a task as it arrives (on the consumer thread), before it waits for a slot.
	 * @return its ticket, or null when the offset was taken already (a redelivery after a seek: the
	 * first delivery settles it)
	 */
	synchronized Ticket take(ConsumerRecord<?, ?> record) {
		TopicPartition tp = new TopicPartition(record.topic(), record.partition());
		Partition partition = this.partitions.computeIfAbsent(tp, (key) -> new Partition(record.offset()));
		if (record.offset() < partition.next) {
			return null;
		}
		partition.open.add(record.offset());
		partition.next = record.offset() + 1;
		partition.active++;
		return new Ticket(tp, record.offset(), partition);
	}

	/** The task is durable (or dead-lettered): its offset no longer holds the commit back. */
	synchronized void done(Ticket ticket) {
		Partition partition = current(ticket);
		if (partition != null) {
			partition.open.remove(ticket.offset());
			partition.active--;
		}
		notifyAll();
	}

	/**
	 * The task was not done and will not be here (the worker is stopping): its offset stays open, so
	 * the commit stops before it and the task goes to another worker.
	 */
	synchronized void handBack(Ticket ticket) {
		Partition partition = current(ticket);
		if (partition != null) {
			partition.active--;
		}
		notifyAll();
	}

	/**
	 * Offsets to commit among {@code assigned}: each partition's lowest open offset, or the one after
	 * its last task when none is open.
	 * @param all whether to include partitions whose offset did not move since it was last handed out
	 */
	synchronized Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> assigned, boolean all) {
		Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
		for (TopicPartition tp : assigned) {
			Partition partition = this.partitions.get(tp);
			if (partition == null) {
				continue;
			}
			long offset = partition.committable();
			if (all || offset > partition.committed) {
				offsets.put(tp, new OffsetAndMetadata(offset));
				partition.committed = Math.max(partition.committed, offset);
			}
		}
		return offsets;
	}

	/**
	 * Waits until no task of these partitions is active, or the time is up.
	 * @return whether they all settled in time
	 */
	synchronized boolean awaitSettled(Collection<TopicPartition> revoked, Duration atMost) throws InterruptedException {
		long deadline = System.nanoTime() + atMost.toNanos();
		while (active(revoked) > 0) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return false;
			}
			wait(Math.max(1, left / 1_000_000));
		}
		return true;
	}

	/** Tasks of these partitions taken and not settled yet. */
	synchronized int active(Collection<TopicPartition> partitions) {
		int active = 0;
		for (TopicPartition tp : partitions) {
			Partition partition = this.partitions.get(tp);
			active += (partition != null) ? partition.active : 0;
		}
		return active;
	}

	/**
	 * Forgets partitions this consumer no longer holds; tasks of theirs still running settle
	 * against nothing, and the partition starts afresh if it comes back.
	 */
	synchronized void forget(Collection<TopicPartition> partitions) {
		partitions.forEach(this.partitions::remove);
		notifyAll();
	}

	private Partition current(Ticket ticket) {
		Partition partition = this.partitions.get(ticket.partition());
		return (partition == ticket.holder()) ? partition : null;
	}

}
