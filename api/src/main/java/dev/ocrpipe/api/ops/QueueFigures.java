package dev.ocrpipe.api.ops;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

import dev.ocrpipe.common.jobs.JobStatus;
import dev.ocrpipe.common.jobs.PageStatus;
import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.common.store.JobFields;
import dev.ocrpipe.common.store.PageFields;

/**
 * The queue's figures for the ops view, computed from the jobs and pages collections and the
 * dead-letter topics, and registered as gauges so that {@code /actuator/prometheus} exports the
 * very numbers {@code GET /api/v1/ops/queue} shows (one computation serves both for
 * {@code ocr.api.ops.refresh}).
 */
@Service
public class QueueFigures {

	private static final Logger log = LoggerFactory.getLogger(QueueFigures.class);

	private final MongoCollection<Document> jobs;

	private final MongoCollection<Document> pages;

	private final DeadLetters deadLetters;

	private final OpsProperties properties;

	private final Clock clock;

	private volatile Snapshot current;

	QueueFigures(MongoTemplate mongo, DeadLetters deadLetters, OpsProperties properties, Clock clock,
			MeterRegistry registry) {
		this.jobs = mongo.getCollection(Collections.JOBS);
		this.pages = mongo.getCollection(Collections.PAGES);
		this.deadLetters = deadLetters;
		this.properties = properties;
		this.clock = clock;
		gauge(registry, "ocr.ops.pages.waiting", "Pages queued for OCR and not yet taken by a worker",
				(s) -> s.pagesWaiting());
		gauge(registry, "ocr.ops.pages.in.flight", "Pages a worker is working on", (s) -> s.pagesInFlight());
		gauge(registry, "ocr.ops.workers.active", "Workers that held or finished a page within the window",
				(s) -> s.workers());
		gauge(registry, "ocr.ops.pages.per.minute", "Pages finished per minute over the window",
				(s) -> s.pagesPerMinute());
		gauge(registry, "ocr.ops.jobs.waiting", "Jobs queued and not yet planned", (s) -> s.jobsWaiting());
		gauge(registry, "ocr.ops.jobs.running", "Jobs being worked on", (s) -> s.jobsRunning());
		gauge(registry, "ocr.ops.dead.lettered", "Records on the dead-letter topics (NaN when the broker is unreachable)",
				(s) -> (s.deadLettered() != null) ? s.deadLettered() : Double.NaN);
	}

	private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<Snapshot> value) {
		Gauge.builder(name, this, (figures) -> value.applyAsDouble(figures.snapshot()))
			.description(description)
			.register(registry);
	}

	/** The figures, computed again when the last computation is older than the refresh period. */
	public Snapshot snapshot() {
		Snapshot last = this.current;
		Instant now = this.clock.instant();
		if (last != null && last.at().plus(this.properties.refresh()).isAfter(now)) {
			return last;
		}
		synchronized (this) {
			last = this.current;
			if (last != null && last.at().plus(this.properties.refresh()).isAfter(now)) {
				return last;
			}
			this.current = compute(now);
			return this.current;
		}
	}

	private Snapshot compute(Instant now) {
		Date since = Date.from(now.minus(this.properties.window()));
		long waiting = this.pages.countDocuments(Filters.eq(PageFields.STATUS, PageStatus.QUEUED.name()));
		long inFlight = this.pages.countDocuments(Filters.eq(PageFields.STATUS, PageStatus.RUNNING.name()));
		long finished = this.pages.countDocuments(Filters.and(
				Filters.in(PageFields.STATUS, PageStatus.DONE.name(), PageStatus.FAILED.name()),
				Filters.gte(PageFields.FINISHED_AT, since)));
		Set<String> workers = new HashSet<>();
		this.pages
			.find(Filters.or(Filters.eq(PageFields.STATUS, PageStatus.RUNNING.name()),
					Filters.gte(PageFields.FINISHED_AT, since)))
			.projection(new Document(PageFields.WORKER, 1))
			.forEach((page) -> {
				if (page.get(PageFields.WORKER) instanceof String worker) {
					workers.add(worker);
				}
			});
		long jobsWaiting = this.jobs.countDocuments(Filters.eq(JobFields.STATUS, JobStatus.QUEUED.name()));
		long jobsRunning = this.jobs.countDocuments(
				Filters.in(JobFields.STATUS, JobStatus.RUNNING.name(), JobStatus.CANCELLING.name()));
		Long deadLettered = null;
		try {
			deadLettered = this.deadLetters.count(this.properties.kafkaTimeout());
		}
		catch (RuntimeException ex) {
			log.warn("Cannot count the dead-letter topics: {}", ex.toString());
		}
		double minutes = Math.max(1, this.properties.window().toSeconds()) / 60.0;
		double perMinute = Math.round(finished / minutes * 10) / 10.0;
		List<String> names = new ArrayList<>(workers);
		names.sort(null);
		return new Snapshot(now, waiting, inFlight, workers.size(), names, perMinute, finished,
				this.properties.window().toSeconds(), jobsWaiting, jobsRunning, deadLettered);
	}

	/**
	 * The queue's figures at one instant.
	 *
	 * @param at when they were computed
	 * @param pagesWaiting pages queued, not yet taken by a worker
	 * @param pagesInFlight pages a worker is on
	 * @param workers workers that hold a page or finished one within the window
	 * @param workerIds their instance ids
	 * @param pagesPerMinute pages finished (recognised or failed) per minute over the window
	 * @param pagesFinished pages finished within the window
	 * @param windowSeconds the window
	 * @param jobsWaiting jobs queued and not yet planned
	 * @param jobsRunning jobs running or cancelling
	 * @param deadLettered records on the dead-letter topics; {@code null} when the broker did not
	 * answer in time
	 */
	public record Snapshot(Instant at, long pagesWaiting, long pagesInFlight, int workers, List<String> workerIds,
			double pagesPerMinute, long pagesFinished, long windowSeconds, long jobsWaiting, long jobsRunning,
			Long deadLettered) {
	}

}
