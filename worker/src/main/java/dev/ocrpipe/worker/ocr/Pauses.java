package dev.ocrpipe.worker.ocr;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.stereotype.Component;

/**
 * Timed waits of the OCR guard (backoffs, quota windows, an open circuit) that end early when the
 * worker shuts down, so a SIGTERM is not held up by a 30-second backoff: the waiting page is handed
 * back instead.
 */
@Component
public class Pauses implements DisposableBean, ApplicationListener<ContextClosedEvent> {

	private final CountDownLatch shutdown = new CountDownLatch(1);

	/**
	 * @return true if the whole pause passed, false if it was cut short by shutdown or interrupt
	 */
	public boolean pause(Duration duration) {
		if (duration.isNegative() || duration.isZero()) {
			return !isShuttingDown();
		}
		try {
			return !this.shutdown.await(duration.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	public boolean isShuttingDown() {
		return this.shutdown.getCount() == 0;
	}

	/** The context starts closing: before the listener containers stop and wait for their pages. */
	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		this.shutdown.countDown();
	}

	@Override
	public void destroy() {
		this.shutdown.countDown();
	}

}
