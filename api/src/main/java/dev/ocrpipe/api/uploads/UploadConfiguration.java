package dev.ocrpipe.api.uploads;

import java.util.Map;

import org.springframework.boot.servlet.MultipartConfigFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.util.unit.DataSize;

import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;

import dev.ocrpipe.api.system.ProblemWriter;
import dev.ocrpipe.common.store.Collections;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.MultipartConfigElement;

/**
 * Wires uploads: servlet multipart limits derived from {@link UploadProperties} (replacing
 * {@code spring.servlet.multipart.*}), the body cap for JSON requests and the GridFS bucket.
 */
@Configuration(proxyBeanMethods = false)
class UploadConfiguration {

	/** Parts up to this size stay in memory; larger ones are spooled to a temp file by the container. */
	private static final DataSize IN_MEMORY_THRESHOLD = DataSize.ofKilobytes(256);

	/** Cap on bodies of requests other than uploads (none of them needs a large body). */
	private static final long DEFAULT_BODY_CAP = DataSize.ofMegabytes(1).toBytes();

	@Bean
	MultipartConfigElement multipartConfigElement(UploadProperties properties) {
		MultipartConfigFactory factory = new MultipartConfigFactory();
		factory.setMaxFileSize(DataSize.ofBytes(properties.servletMaxFileSize()));
		factory.setMaxRequestSize(DataSize.ofBytes(properties.servletMaxRequestSize()));
		factory.setFileSizeThreshold(IN_MEMORY_THRESHOLD);
		return factory.createMultipartConfig();
	}

	@Bean
	FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(UploadProperties properties, ProblemWriter problems) {
		BodyLimitFilter filter = new BodyLimitFilter(DEFAULT_BODY_CAP,
				Map.of(UploadController.BASE64_PATH, properties.maxJsonBodySize()), problems);
		FilterRegistrationBean<BodyLimitFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	@Bean
	GridFSBucket uploadsBucket(MongoDatabaseFactory factory) {
		return GridFSBuckets.create(factory.getMongoDatabase(), Collections.UPLOADS_BUCKET);
	}

	@Bean
	UploadMetrics uploadMetrics(MeterRegistry registry) {
		return new UploadMetrics(registry);
	}

}
