package dev.ocrpipe.worker;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;

/**
 * Faults injected into the worker's listener containers by test configuration only: the next
 * {@link #pageErrors} polls of the page consumer end in an {@code Error} thrown on its thread, as
 * an {@code OutOfMemoryError} in a listener would.
 */
@TestConfiguration(proxyBeanMethods = false)
class ListenerFaults {

	static final AtomicInteger pageErrors = new AtomicInteger();

	@Bean
	static BeanPostProcessor pageListenerFaults() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				if ("pageRequestedListenerFactory".equals(name)
						&& bean instanceof ConcurrentKafkaListenerContainerFactory<?, ?> factory) {
					factory.setBatchInterceptor((records, consumer) -> {
						if (pageErrors.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
							throw new OutOfMemoryError("injected by the test");
						}
						return records;
					});
				}
				return bean;
			}
		};
	}

}
