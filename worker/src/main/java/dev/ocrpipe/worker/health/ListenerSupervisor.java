package dev.ocrpipe.worker.health;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.event.ConsumerFailedToStartEvent;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.kafka.event.KafkaEvent;
import org.springframework.kafka.event.NonResponsiveConsumerEvent;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Watches every Kafka listener container of the worker and restarts one that stopped when it
 * should run: told at once by the containers' events (a consumer stopped by an {@code Error} or
 * abnormally, or failed to start) and by a periodic check that each container runs with all its
 * consumers. Restarts are bounded per container ({@link RestartBudget}); past the budget, or when a
 * consumer is stuck, the worker reports DOWN through {@link WorkerHealth}.
 *
 * <p>
 * A lifecycle bean in the last phase: it starts after the containers and stops before them, so a
 * worker shutting down is never mistaken for one whose containers died.
 */
@Component
public class ListenerSupervisor implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ListenerSupervisor.class);

	private final KafkaListenerEndpointRegistry registry;

	private final WorkerHealth health;

	private final HealthProperties properties;

	private final MeterRegistry meters;

	private final Clock clock;

	private final Map<String, RestartBudget> budgets = new ConcurrentHashMap<>();

	private final Set<String> pending = ConcurrentHashMap.newKeySet();

	private final Map<String, String> lastStops = new ConcurrentHashMap<>();

	/** The reason a container's own event gave, until the check acts on it. */
	private final Map<String, String> reasons = new ConcurrentHashMap<>();

	private final Set<String> suspects = ConcurrentHashMap.newKeySet();

	private final Map<String, Integer> strikes = new ConcurrentHashMap<>();

	/** When each container was last restarted ({@link System#nanoTime()}). */
	private final Map<String, Long> settling = new ConcurrentHashMap<>();

	private volatile ScheduledExecutorService scheduler;

	ListenerSupervisor(KafkaListenerEndpointRegistry registry, WorkerHealth health, HealthProperties properties,
			MeterRegistry meters, Clock clock) {
		this.registry = registry;
		this.health = health;
		this.properties = properties;
		this.meters = meters;
		this.clock = clock;
	}

	@EventListener
	void stopped(ConsumerStoppedEvent event) {
		if (event.getReason() != ConsumerStoppedEvent.Reason.NORMAL) {
			suspect(containerOf(event), event.getReason().name());
		}
	}

	@EventListener
	void failedToStart(ConsumerFailedToStartEvent event) {
		suspect(containerOf(event), "FAILED_TO_START");
	}

	/**
	 * A container said one of its consumers stopped: check it now. The check decides, because such
	 * an event may come late (from a consumer already replaced) and a container may be restarting.
	 */
	private void suspect(MessageListenerContainer container, String reason) {
		String id = idOf(container);
		this.reasons.put(id, reason);
		this.suspects.add(id);
		ScheduledExecutorService scheduler = this.scheduler;
		if (scheduler != null) {
			scheduler.execute(this::checkSafely);
		}
	}

	/**
	 * A consumer that has not polled for a while is usually busy (a page consumer waits for slots);
	 * past {@code stuck-after} its thread hangs, and no restart can free it.
	 */
	@EventListener
	void nonResponsive(NonResponsiveConsumerEvent event) {
		String id = idOf(containerOf(event));
		this.meters.counter("ocr.worker.listener.non_responsive", "listener", id).increment();
		Duration silent = Duration.ofMillis(event.getTimeSinceLastPoll());
		if (isRunning() && silent.compareTo(this.properties.stuckAfter()) > 0 && !this.health.isSick()) {
			this.health.sick("the consumer of listener " + id + " has not polled for " + silent);
		}
		else {
			log.debug("consumer of listener {} has not polled for {}", id, silent);
		}
	}

	/**
	 * Containers that should run but do not, or run with a consumer gone: restarted when a container
	 * said so, or when two checks in a row found it so (not a container caught starting), and not
	 * while a restart of it settles.
	 */
	void check() {
		long now = System.nanoTime();
		for (MessageListenerContainer container : this.registry.getAllListenerContainers()) {
			String id = idOf(container);
			if (!container.isAutoStartup() || this.pending.contains(id)
					|| now - this.settling.getOrDefault(id, now - settle()) < settle()) {
				continue;
			}
			if (runsFully(container)) {
				this.strikes.remove(id);
				this.suspects.remove(id);
				continue;
			}
			int strikes = this.strikes.merge(id, 1, Integer::sum);
			if (strikes >= 2 || this.suspects.remove(id)) {
				this.strikes.remove(id);
				String reason = this.reasons.getOrDefault(id, "NOT_RUNNING");
				this.reasons.remove(id);
				stoppedAbnormally(container, reason);
			}
		}
	}

	/** How long after its restart a container is left alone, for its consumers to start. */
	private long settle() {
		return this.properties.checkInterval().multipliedBy(3).toNanos();
	}

	/** Running, in the state it was asked for, and with every consumer of a concurrent container. */
	static boolean runsFully(MessageListenerContainer container) {
		if (!container.isRunning() || !container.isInExpectedState()) {
			return false;
		}
		if (container instanceof ConcurrentMessageListenerContainer<?, ?> concurrent) {
			return concurrent.getContainers().stream().allMatch((child) -> child.isRunning());
		}
		return true;
	}

	private void stoppedAbnormally(MessageListenerContainer container, String reason) {
		ScheduledExecutorService scheduler = this.scheduler;
		String id = idOf(container);
		if (scheduler == null || this.health.isSick() || !this.pending.add(id)) {
			// not supervising (starting or stopping), already given up, or a restart is on its way
			return;
		}
		this.lastStops.put(id, reason);
		Duration wait = this.budgets.computeIfAbsent(id, (key) -> new RestartBudget(this.properties))
			.take(this.clock.instant());
		if (wait == null) {
			this.pending.remove(id);
			this.health.sick("listener " + id + " stopped (" + reason + ") after " + this.properties.maxRestarts()
					+ " restarts within " + this.properties.restartWindow());
			return;
		}
		log.warn("listener {} stopped ({}); restarting it in {}", id, reason, wait);
		scheduler.schedule(() -> restart(container, id, reason), wait.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void restart(MessageListenerContainer container, String id, String reason) {
		if (!isRunning()) {
			this.pending.remove(id);
			return;
		}
		try {
			if (container.isRunning()) {
				// a concurrent container stays "running" when one of its consumers died: stop what is left
				container.stop();
			}
			container.start();
			this.settling.put(id, System.nanoTime());
			this.meters.counter("ocr.worker.listener.restarts", "listener", id, "reason", reason).increment();
			log.warn("listener {} restarted after it stopped ({})", id, reason);
			this.pending.remove(id);
		}
		catch (RuntimeException ex) {
			log.error("could not restart listener {}", id, ex);
			this.pending.remove(id);
			this.settling.put(id, System.nanoTime());
			stoppedAbnormally(container, "RESTART_FAILED");
		}
	}

	/** What the health indicator shows of each container. */
	Map<String, Map<String, Object>> report() {
		Map<String, Map<String, Object>> report = new LinkedHashMap<>();
		for (MessageListenerContainer container : this.registry.getAllListenerContainers()) {
			String id = idOf(container);
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("running", runsFully(container));
			RestartBudget budget = this.budgets.get(id);
			details.put("restartsInWindow", (budget != null) ? budget.used() : 0);
			if (this.lastStops.containsKey(id)) {
				details.put("lastStop", this.lastStops.get(id));
			}
			report.put(id, details);
		}
		return report;
	}

	private MessageListenerContainer containerOf(KafkaEvent event) {
		MessageListenerContainer container = event.getContainer(MessageListenerContainer.class);
		// a consumer's event names its concurrent parent as the container; find the registered one
		MessageListenerContainer registered = this.registry.getListenerContainer(idOf(container));
		return (registered != null) ? registered : container;
	}

	private static String idOf(MessageListenerContainer container) {
		String id = container.getMainListenerId();
		return (id != null) ? id : String.valueOf(container.getListenerId());
	}

	@Override
	public void start() {
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
				Thread.ofPlatform().name("listener-supervisor").daemon().factory());
		long interval = this.properties.checkInterval().toMillis();
		scheduler.scheduleWithFixedDelay(this::checkSafely, interval, interval, TimeUnit.MILLISECONDS);
		this.scheduler = scheduler;
	}

	private void checkSafely() {
		try {
			check();
		}
		catch (RuntimeException ex) {
			log.warn("could not check the listener containers: {}", ex.toString());
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService scheduler = this.scheduler;
		this.scheduler = null;
		if (scheduler != null) {
			scheduler.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

	/** After the listener containers start, and before they stop. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

}
