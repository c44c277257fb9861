package dev.ocrpipe.api.uploads;

import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.servlet.MultipartConfigFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
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
 * {@code spring.servlet.multipart.*}), the body cap of every other request, the reader of base64
 * bodies and the GridFS bucket.
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
	 * Ordered first: custom converters are asked in the order they are added, and the base64 body
	 * must reach this reader before the general one with its short string cap.
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	ServerHttpMessageConvertersCustomizer base64BodyReader(ObjectProvider<JsonMapperBuilderCustomizer> customizers,
			UploadProperties properties) {
		int cap = (int) Math.min(Integer.MAX_VALUE - 8, properties.maxJsonBodySize());
		Base64BodyConverter reader = new Base64BodyConverter(JsonBodies.mapper(customizers, cap));
		return (builder) -> builder.addCustomConverter(reader);
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
