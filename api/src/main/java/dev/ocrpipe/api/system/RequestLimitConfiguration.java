package dev.ocrpipe.api.system;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Wires the request limits that apply to every endpoint: slow bodies are cut off in Tomcat, and
 * JSON bodies are read by a mapper with a string-length cap (Boot's own JSON converter steps
 * aside when this one is a bean).
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

	@Bean
	JacksonJsonHttpMessageConverter jsonBodyConverter(ObjectProvider<JsonMapperBuilderCustomizer> customizers,
			RequestLimitProperties limits) {
		return new JacksonJsonHttpMessageConverter(JsonBodies.mapper(customizers, limits.maxJsonStringLength()));
	}

}
