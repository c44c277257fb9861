package dev.ocrpipe.api.system;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Wires the request limits that apply to every endpoint: slow bodies are cut off in Tomcat, and
 * JSON request bodies are read by a mapper with a string-length cap (responses are still written
 * by Boot's converter).
 */
@Configuration(proxyBeanMethods = false)
class RequestLimitConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> slowBodyCutOff(RequestLimitProperties limits,
			MeterRegistry meters) {
		Counter cutOff = Counter.builder("ocr.http.body.too-slow")
			.description("request bodies cut off for arriving below the minimum rate")
			.register(meters);
		return (factory) -> {
			factory.addContextValves(new SlowBodyValve(limits.minBodyRate().toBytes(),
					limits.bodyRateWindow().toMillis(), cutOff));
			// a body that stops arriving altogether: Tomcat's own read timeout while a body is read
			factory.addConnectorCustomizers((connector) -> {
				connector.setProperty("disableUploadTimeout", "false");
				connector.setProperty("connectionUploadTimeout", String.valueOf(limits.bodyStallTimeout().toMillis()));
			});
		};
	}

	/**
	 * Request bodies are read with the string cap; added as a custom converter, ahead of the
	 * standard ones, after the readers of endpoints with caps of their own (the base64 upload).
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE + 100)
	ServerHttpMessageConvertersCustomizer jsonBodyReader(ObjectProvider<JsonMapperBuilderCustomizer> customizers,
			RequestLimitProperties limits) {
		JsonBodyReader reader = new JsonBodyReader(JsonBodies.mapper(customizers, limits.maxJsonStringLength()));
		return (builder) -> builder.addCustomConverter(reader);
	}

}
