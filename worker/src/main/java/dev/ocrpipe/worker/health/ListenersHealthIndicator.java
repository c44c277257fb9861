package dev.ocrpipe.worker.health;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code listeners} health: each Kafka listener container, whether it runs and how often it
 * was restarted; DOWN once the worker is sick. Part of the liveness and readiness groups, so a
 * worker that stopped consuming and could not heal is replaced.
 */
@Component
class ListenersHealthIndicator implements HealthIndicator {

	private final ListenerSupervisor supervisor;

	private final WorkerHealth health;

	ListenersHealthIndicator(ListenerSupervisor supervisor, WorkerHealth health) {
		this.supervisor = supervisor;
		this.health = health;
	}

	@Override
	public Health health() {
		Health.Builder builder = this.health.isSick() ? Health.down().withDetail("sick", this.health.reasons())
				: Health.up();
		return builder.withDetails(this.supervisor.report()).build();
	}

}
