package dev.ocrpipe.api.jobs;

import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.index.IndexOperations;

import dev.ocrpipe.common.store.Collections;
import dev.ocrpipe.common.store.JobFields;
import dev.ocrpipe.common.store.PageFields;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the jobs feature and creates the indexes its queries need at startup, never in the
 * request path. Index names are left to MongoDB's default (derived from the keys) so that the
 * worker creating the same index is a no-op, not a name conflict; a later change moves this into
 * migrations.
 */
@Configuration(proxyBeanMethods = false)
class JobsConfiguration {

	@Bean
	ResultWriter resultWriter(JsonMapper mapper) {
		return new ResultWriter(mapper);
	}

	@Bean
	CostEstimator costEstimator(PricingProperties pricing) {
		return new CostEstimator(pricing);
	}

	@Bean
	ApplicationRunner jobIndexes(MongoTemplate mongo) {
		return (args) -> {
			IndexOperations jobs = mongo.indexOps(Collections.JOBS);
			jobs.createIndex(new Index().on(JobFields.OWNER, Sort.Direction.ASC)
				.on(JobFields.ID, Sort.Direction.DESC));
			jobs.createIndex(new Index().on(JobFields.OWNER, Sort.Direction.ASC)
				.on(JobFields.STATUS, Sort.Direction.ASC)
				.on(JobFields.ID, Sort.Direction.DESC));
			jobs.createIndex(new Index().on(JobFields.BATCH_ID, Sort.Direction.ASC));
			jobs.createIndex(new Index().on(JobFields.STATUS, Sort.Direction.ASC)
				.on(JobFields.DISPATCHED_AT, Sort.Direction.ASC));
			mongo.indexOps(Collections.PAGES)
				.createIndex(new Index().on(PageFields.JOB_ID, Sort.Direction.ASC)
					.on(PageFields.PAGE, Sort.Direction.ASC)
					.unique());
		};
	}

}
