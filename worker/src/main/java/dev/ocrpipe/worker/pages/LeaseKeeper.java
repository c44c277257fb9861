package dev.ocrpipe.worker.pages;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

import dev.ocrpipe.worker.WorkerIdentity;
import dev.ocrpipe.worker.ledger.PageLedger;

/**
 * Keeps the leases of the pages this worker is working on alive, every third of the lease: a page
 * may wait longer than its lease for the bulkhead, the fleet quota or a slow call, and without a
 * renewal the reconciler would hand it to another worker while it is still being worked on here
 * (an OCR call paid twice, an attempt used up). A worker that dies stops renewing, so its pages are
 * still taken over one lease after its last renewal. It stops after the page consumer (phase 0 is
 * stopped after the listener containers), so pages finishing during the shutdown grace keep theirs.
 */
@Component
class LeaseKeeper implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

	private final PageProcessor processor;

	private final PageLedger pages;

	private final WorkerIdentity identity;

	private final Duration lease;

	private final TaskScheduler scheduler;

	private volatile ScheduledFuture<?> renewals;

	LeaseKeeper(PageProcessor processor, PageLedger pages, WorkerIdentity identity, PageProperties properties,
			TaskScheduler scheduler) {
		this.processor = processor;
		this.pages = pages;
		this.identity = identity;
		this.lease = properties.lease();
		this.scheduler = scheduler;
	}

	/** Moves the leases of the pages in flight here forward by a whole lease. */
	void renew() {
		Set<String> inFlight = this.processor.inFlightPages();
		if (inFlight.isEmpty()) {
			return;
		}
		try {
			long renewed = this.pages.renewLeases(inFlight, this.identity.incarnation(), this.lease);
			log.debug("renewed the leases of {} of {} pages in flight", renewed, inFlight.size());
		}
		catch (RuntimeException ex) {
			// the next round tries again; a lease has two more rounds before it runs out
			log.warn("could not renew the leases of {} pages in flight: {}", inFlight.size(), ex.toString());
		}
	}

	@Override
	public void start() {
		this.renewals = this.scheduler.scheduleWithFixedDelay(this::renew, this.lease.dividedBy(3));
	}

	@Override
	public void stop() {
		ScheduledFuture<?> running = this.renewals;
		if (running != null) {
			running.cancel(false);
		}
		this.renewals = null;
	}

	@Override
	public boolean isRunning() {
		return this.renewals != null;
	}

	@Override
	public int getPhase() {
		return 0;
	}

}
