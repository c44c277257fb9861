package dev.ocrpipe.worker.sandbox;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ocrpipe.worker.pages.PageSlots;

/**
 * Starts the pool of sandbox processes at boot, sized from the page slots and the cores.
 */
@Configuration(proxyBeanMethods = false)
class SandboxConfiguration {

	@Bean(destroyMethod = "close")
	Sandboxes sandboxes(SandboxProperties properties, PageSlots slots, MeterRegistry meters) {
		return new Sandboxes(properties,
				properties.processesFor(slots.count(), Runtime.getRuntime().availableProcessors()), meters);
	}

}
