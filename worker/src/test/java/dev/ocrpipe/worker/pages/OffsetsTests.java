package dev.ocrpipe.worker.pages;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Offsets are committed up to the first task that is not durable, whatever order tasks finish in.
 */
class OffsetsTests {

	private static final TopicPartition P0 = new TopicPartition("pages", 0);

	private static final TopicPartition P1 = new TopicPartition("pages", 1);

	private final Offsets offsets = new Offsets();

	@Test
	void theCommitStopsAtTheFirstTaskThatIsNotDurable() {
		Offsets.Ticket a = this.offsets.take(record(P0, 10));
		Offsets.Ticket b = this.offsets.take(record(P0, 11));
		Offsets.Ticket c = this.offsets.take(record(P0, 12));

		this.offsets.done(b);
		this.offsets.done(c);
		assertThat(committable()).containsEntry(P0, new OffsetAndMetadata(10));

		this.offsets.done(a);
		assertThat(committable()).containsEntry(P0, new OffsetAndMetadata(13));
	}

	@Test
	void partitionsAreIndependent() {
		Offsets.Ticket slow = this.offsets.take(record(P0, 5));
		Offsets.Ticket fast = this.offsets.take(record(P1, 7));

		this.offsets.done(fast);

		assertThat(committable()).containsEntry(P0, new OffsetAndMetadata(5)).containsEntry(P1, new OffsetAndMetadata(8));
		this.offsets.done(slow);
		assertThat(committable()).containsEntry(P0, new OffsetAndMetadata(6)).doesNotContainKey(P1);
	}

	@Test
	void aHandedBackTaskHoldsTheCommitForGood() {
		Offsets.Ticket back = this.offsets.take(record(P0, 3));
		Offsets.Ticket later = this.offsets.take(record(P0, 4));

		this.offsets.handBack(back);
		this.offsets.done(later);

		assertThat(this.offsets.committable(List.of(P0), true)).containsEntry(P0, new OffsetAndMetadata(3));
		assertThat(this.offsets.active(List.of(P0))).isZero();
	}

	@Test
	void aRedeliveredOffsetIsNotTakenTwice() {
		Offsets.Ticket first = this.offsets.take(record(P0, 20));

		assertThat(this.offsets.take(record(P0, 20))).isNull();
		assertThat(committable()).containsEntry(P0, new OffsetAndMetadata(20));
		this.offsets.done(first);
		assertThat(committable()).containsEntry(P0, new OffsetAndMetadata(21));
	}

	@Test
	void onlyAssignedPartitionsThatMovedAreCommitted() {
		this.offsets.done(this.offsets.take(record(P0, 1)));
		this.offsets.done(this.offsets.take(record(P1, 1)));

		assertThat(this.offsets.committable(List.of(P0), false)).containsOnlyKeys(P0);
		assertThat(this.offsets.committable(List.of(P0), false)).isEmpty();
		assertThat(this.offsets.committable(List.of(P0), true)).containsOnlyKeys(P0);
	}

	@Test
	void aForgottenPartitionIgnoresLateTasksAndStartsAfresh() {
		Offsets.Ticket stale = this.offsets.take(record(P0, 30));
		this.offsets.forget(List.of(P0));

		Offsets.Ticket again = this.offsets.take(record(P0, 30));
		this.offsets.done(stale);

		assertThat(again).isNotNull();
		assertThat(committable()).containsEntry(P0, new OffsetAndMetadata(30));
		this.offsets.done(again);
		assertThat(committable()).containsEntry(P0, new OffsetAndMetadata(31));
	}

	@Test
	void revokeWaitsForActiveTasksOnly() throws InterruptedException {
		Offsets.Ticket running = this.offsets.take(record(P0, 1));
		this.offsets.take(record(P1, 1));

		assertThat(this.offsets.awaitSettled(List.of(P0), Duration.ofMillis(50))).isFalse();
		Thread.ofVirtual().start(() -> this.offsets.done(running));
		assertThat(this.offsets.awaitSettled(List.of(P0), Duration.ofSeconds(10))).isTrue();
	}

	private Map<TopicPartition, OffsetAndMetadata> committable() {
		return this.offsets.committable(List.of(P0, P1), false);
	}

	private static ConsumerRecord<String, String> record(TopicPartition partition, long offset) {
		return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, "key", "value");
	}

}
