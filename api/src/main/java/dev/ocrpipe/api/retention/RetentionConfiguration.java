package dev.ocrpipe.api.retention;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import com.mongodb.client.gridfs.GridFSBucket;

import dev.ocrpipe.api.audit.AuditLog;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Runs the retention sweeper every {@code ocr.api.retention.interval} on every instance (claims
 * keep instances apart), registered here rather than with {@code @Scheduled} so the interval
 * comes from the validated properties.
 */
@Configuration(proxyBeanMethods = false)
class RetentionConfiguration implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(RetentionConfiguration.class);

	private final RetentionSweeper sweeper;

	private final RetentionProperties properties;

	RetentionConfiguration(MongoDatabaseFactory mongo, GridFSBucket uploads, RetentionProperties properties,
			Clock clock, MeterRegistry metrics, AuditLog audit) {
		this.sweeper = new RetentionSweeper(mongo.getMongoDatabase(), uploads, properties, clock, metrics, audit);
		this.properties = properties;
	}

	@Bean
	RetentionSweeper retentionSweeper() {
		return this.sweeper;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		if (this.properties.keepsForever()) {
			log.info("Retention: finished jobs are kept forever (ocr.api.retention.finished-jobs=0)");
			return;
		}
		registrar.addFixedDelayTask(this::sweepSafely, this.properties.interval());
	}

	private void sweepSafely() {
		try {
			this.sweeper.sweep();
		}
		catch (RuntimeException ex) {
			// MongoDB unreachable for a moment: the next sweep tries again
			log.warn("Retention sweep failed: {}", ex.toString());
		}
	}

}
