package dev.ocrpipe.api.uploads;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.servlet.MultipartConfigFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.util.unit.DataSize;

import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;

import dev.ocrpipe.api.system.JsonBodies;
import dev.ocrpipe.api.system.ProblemWriter;
import dev.ocrpipe.api.system.RequestLimitProperties;
import dev.ocrpipe.common.store.Collections;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.MultipartConfigElement;

/**
 * Wires uploads: servlet multipart limits derived from {@link UploadProperties} (replacing
 * {@code spring.servlet.multipart.*}), the body cap of every other request, the streaming reader
 * of base64 bodies and the GridFS bucket.
 */
@Configuration(proxyBeanMethods = false)
class UploadConfiguration {

	/** Parts up to this size stay in memory; larger ones are spooled to a temp file by the container. */
	private static final DataSize IN_MEMORY_THRESHOLD = DataSize.ofKilobytes(256);

	@Bean
	MultipartConfigElement multipartConfigElement(UploadProperties properties) {
		MultipartConfigFactory factory = new MultipartConfigFactory();
		factory.setMaxFileSize(DataSize.ofBytes(properties.servletMaxFileSize()));
		factory.setMaxRequestSize(DataSize.ofBytes(properties.servletMaxRequestSize()));
		factory.setFileSizeThreshold(IN_MEMORY_THRESHOLD);
		return factory.createMultipartConfig();
	}

	/**
	 * Bodies other than uploads are capped at {@code ocr.api.request-limits.max-json-body}
	 * (multipart ones too, except on the multipart upload path, which the servlet limits cover).
	 */
	@Bean
	FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(UploadProperties properties, RequestLimitProperties limits,
			ProblemWriter problems) {
		BodyLimitFilter filter = new BodyLimitFilter(limits.maxJsonBody().toBytes(),
				Map.of(UploadController.BASE64_PATH, properties.maxJsonBodySize()), Set.of(UploadController.UPLOAD_PATH),
				problems);
		FilterRegistrationBean<BodyLimitFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	/**
	 * The base64 upload's reader: its parser keeps the string cap of every other body, since the
	 * documents are decoded as binary streams, never read as strings.
	 */
	@Bean
	Base64Requests base64Requests(ObjectProvider<JsonMapperBuilderCustomizer> customizers, UploadProperties properties,
			RequestLimitProperties limits) {
		// spool files of uploads cut off by a crash of an earlier API process on this host
		Base64Upload.removeLeftovers(Path.of(System.getProperty("java.io.tmpdir")));
		return new Base64Requests(JsonBodies.mapper(customizers, limits.maxJsonStringLength()), properties);
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
