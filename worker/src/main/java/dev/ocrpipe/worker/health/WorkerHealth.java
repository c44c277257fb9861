package dev.ocrpipe.worker.health;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The one place that declares this worker sick: it then reports liveness BROKEN and readiness
 * REFUSING_TRAFFIC for good, so {@code /actuator/health/liveness} and {@code /readiness} go DOWN and
 * an orchestrator replaces the worker. A sick worker never becomes healthy again on its own: what
 * made it sick (an {@code Error}, a container that keeps dying) may have left it in any state.
 */
@Component
public class WorkerHealth {

	private static final Logger log = LoggerFactory.getLogger(WorkerHealth.class);

	private final ApplicationEventPublisher events;

	private final List<String> reasons = new CopyOnWriteArrayList<>();

	WorkerHealth(ApplicationEventPublisher events, MeterRegistry meters) {
		this.events = events;
		Gauge.builder("ocr.worker.sick", this.reasons, (list) -> list.isEmpty() ? 0 : 1)
			.description("1 when this worker reports itself DOWN and waits to be replaced")
			.register(meters);
	}

	/**
	 * Declares the worker sick.
	 * @param reason a sentence for operators (shown in the health details and logged)
	 */
	public void sick(String reason) {
		this.reasons.add(reason);
		log.error("worker is sick and reports DOWN until it is restarted: {}", reason);
		publishDown();
	}

	public boolean isSick() {
		return !this.reasons.isEmpty();
	}

	public List<String> reasons() {
		return List.copyOf(this.reasons);
	}

	/** Boot marks the application ready at the end of startup: a worker sick before that stays DOWN. */
	@EventListener(ApplicationReadyEvent.class)
	void stayDownOnceReady() {
		if (isSick()) {
			publishDown();
		}
	}

	private void publishDown() {
		AvailabilityChangeEvent.publish(this.events, this, LivenessState.BROKEN);
		AvailabilityChangeEvent.publish(this.events, this, ReadinessState.REFUSING_TRAFFIC);
	}

}
