package dev.ocrpipe.worker.health;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Sees every throwable that ends a thread (the JVM's default uncaught exception handler): an
 * {@code Error} there means the worker may have lost a thread it needs and is in an unknown state,
 * so it is logged and the worker reports DOWN; an exception is logged only.
 */
@Component
class UncaughtErrors implements Thread.UncaughtExceptionHandler, SmartInitializingSingleton, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(UncaughtErrors.class);

	private final WorkerHealth health;

	private Thread.UncaughtExceptionHandler previous;

	UncaughtErrors(WorkerHealth health) {
		this.health = health;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.previous = Thread.getDefaultUncaughtExceptionHandler();
		Thread.setDefaultUncaughtExceptionHandler(this);
	}

	@Override
	public void uncaughtException(Thread thread, Throwable failure) {
		if (failure instanceof Error) {
			log.error("an Error ended thread {}", thread.getName(), failure);
			this.health.sick(failure.getClass().getSimpleName() + " ended thread " + thread.getName());
		}
		else {
			log.error("an exception ended thread {}", thread.getName(), failure);
		}
	}

	@Override
	public void destroy() {
		if (Thread.getDefaultUncaughtExceptionHandler() == this) {
			Thread.setDefaultUncaughtExceptionHandler(this.previous);
		}
	}

}
