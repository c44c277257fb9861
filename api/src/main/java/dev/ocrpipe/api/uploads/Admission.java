package dev.ocrpipe.api.uploads;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import dev.ocrpipe.api.system.ApiProblem;
import dev.ocrpipe.api.system.ProblemCode;
import dev.ocrpipe.common.jobs.JobStatus;
import dev.ocrpipe.common.jobs.PageStatus;
import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.common.store.JobFields;
import dev.ocrpipe.common.store.PageFields;

/**
 * Admission control: while the backlog (pages queued, and jobs not planned yet, each counted as
 * one page) is above the configured limit, uploads get {@code 429} with {@code Retry-After} and a
 * clear problem body instead of growing an unbounded queue. The count is shared by every API
 * instance (it is read from MongoDB) and reused for a couple of seconds.
 */
@Component
class Admission {

	private final MongoCollection<Document> pages;

	private final MongoCollection<Document> jobs;

	private final AdmissionProperties properties;

	private final Clock clock;

	private long backlog;

	private Instant countedAt = Instant.EPOCH;

	Admission(MongoTemplate mongo, AdmissionProperties properties, Clock clock, MeterRegistry meters) {
		this.pages = mongo.getCollection(Collections.PAGES);
		this.jobs = mongo.getCollection(Collections.JOBS);
		this.properties = properties;
		this.clock = clock;
		Gauge.builder("ocr.backlog.pages", this, (admission) -> admission.lastCount())
			.description("pages queued and jobs not yet planned, as last counted")
			.register(meters);
	}

	/**
	 * @throws ApiProblem {@code BACKLOG_FULL} when the backlog is over the limit
	 */
	void check() {
		long max = this.properties.maxBacklogPages();
		if (max <= 0) {
			return;
		}
		long current = backlog();
		if (current > max) {
			ApiProblem full = new ApiProblem(ProblemCode.BACKLOG_FULL,
					"ocrpipe has " + current + " pages waiting, more than the " + max
							+ " it accepts; try again later.",
					Map.of("backlog", current, "maxBacklog", max));
			full.getHeaders().set("Retry-After", String.valueOf(Math.max(1, this.properties.retryAfter().toSeconds())));
			throw full;
		}
	}

	private synchronized long backlog() {
		Instant now = this.clock.instant();
		if (now.isAfter(this.countedAt.plus(this.properties.refresh()))) {
			this.backlog = this.pages.countDocuments(Filters.eq(PageFields.STATUS, PageStatus.QUEUED.name()))
					+ this.jobs.countDocuments(Filters.eq(JobFields.STATUS, JobStatus.QUEUED.name()));
			this.countedAt = now;
		}
		return this.backlog;
	}

	private synchronized long lastCount() {
		return this.backlog;
	}

}
