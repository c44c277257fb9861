package dev.ocrpipe.api.system;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.apache.coyote.InputBuffer;
import org.apache.tomcat.util.net.ApplicationBufferHandler;

import io.micrometer.core.instrument.Counter;
import jakarta.servlet.ServletException;

/**
 * Cuts off request bodies that trickle in. It meters the connector's input buffer, below the
 * servlet API, so multipart bodies (which Tomcat parses itself) are measured like JSON ones. Only
 * the time spent waiting for the client counts, not the time the application spends between two
 * reads, so a slow server never makes a client look slow.
 */
class SlowBodyValve extends ValveBase {

	private final long minBytesPerSecond;

	private final long windowNanos;

	private final Counter cutOff;

	SlowBodyValve(long minBytesPerSecond, long windowMillis, Counter cutOff) {
		super(true);
		this.minBytesPerSecond = minBytesPerSecond;
		this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMillis);
		this.cutOff = cutOff;
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		if (this.minBytesPerSecond <= 0) {
			getNext().invoke(request, response);
			return;
		}
		org.apache.coyote.Request coyote = request.getCoyoteRequest();
		// the connector keeps one input buffer per connection (or stream): metered for this request only
		InputBuffer original = coyote.getInputBuffer();
		coyote.setInputBuffer(new Metered(original, coyote));
		try {
			getNext().invoke(request, response);
		}
		finally {
			coyote.setInputBuffer(original);
		}
	}

	private final class Metered implements InputBuffer {

		private final InputBuffer delegate;

		private final org.apache.coyote.Request coyote;

		private long waited;

		private long bytes;

		Metered(InputBuffer delegate, org.apache.coyote.Request coyote) {
			this.delegate = delegate;
			this.coyote = coyote;
		}

		@Override
		public int doRead(ApplicationBufferHandler handler) throws IOException {
			long start = System.nanoTime();
			int n = this.delegate.doRead(handler);
			if (n <= 0) {
				return n;
			}
			this.waited += System.nanoTime() - start;
			this.bytes += n;
			if (this.waited >= SlowBodyValve.this.windowNanos) {
				if (this.bytes * 1_000_000_000L / this.waited < SlowBodyValve.this.minBytesPerSecond) {
					SlowBodyValve.this.cutOff.increment();
					// close the connection after the 408 instead of reading (swallowing) the rest of
					// the body, which the same slow client would keep trickling
					this.coyote.action(ActionCode.DISABLE_SWALLOW_INPUT, null);
					throw new BodyTooSlow(this.bytes, TimeUnit.NANOSECONDS.toMillis(this.waited),
							SlowBodyValve.this.minBytesPerSecond);
				}
				this.waited = 0;
				this.bytes = 0;
			}
			return n;
		}

		@Override
		public int available() {
			return this.delegate.available();
		}

	}

}
