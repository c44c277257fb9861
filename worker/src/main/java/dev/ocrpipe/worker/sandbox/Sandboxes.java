package dev.ocrpipe.worker.sandbox;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ocrpipe.common.jobs.DocumentType;
import dev.ocrpipe.common.jobs.ErrorCode;
import dev.ocrpipe.sandbox.PageLimits;
import dev.ocrpipe.sandbox.Request;
import dev.ocrpipe.sandbox.Response;
import dev.ocrpipe.worker.documents.DocumentUnavailable;
import dev.ocrpipe.worker.ocr.PageImage;
import dev.ocrpipe.worker.ocr.WorkerStopping;

/**
 * The warm pool of sandbox processes that decode documents for this worker. A request waits for an
 * idle process (one that has the same file open, if any), runs under its deadline, and ends with an
 * outcome: a process that dies, runs out of memory or breaks the protocol is replaced and the
 * request tried again on a fresh one (a bounded number of times); one that misses its deadline is
 * killed and replaced, and the request fails.
 */
public class Sandboxes implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(Sandboxes.class);

	private final SandboxProperties properties;

	private final SandboxLauncher launcher;

	private final int size;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition available = this.lock.newCondition();

	private final ArrayDeque<SandboxProcess> idle = new ArrayDeque<>();

	private final List<SandboxProcess> all = new ArrayList<>();

	private final AtomicInteger numbers = new AtomicInteger();

	private final ScheduledExecutorService timer = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("sandbox-deadlines").daemon().factory());

	private final MeterRegistry meters;

	private final Counter started;

	private final Timer waits;

	private int live;

	private int busy;

	private boolean closed;

	/**
	 * Starts {@code size} processes (they warm up in the background).
	 */
	public Sandboxes(SandboxProperties properties, int size, MeterRegistry meters) {
		this(properties, new SandboxLauncher(properties), size, meters);
	}

	Sandboxes(SandboxProperties properties, SandboxLauncher launcher, int size, MeterRegistry meters) {
		this.properties = properties;
		this.launcher = launcher;
		this.size = size;
		this.meters = meters;
		this.started = Counter.builder("ocr.sandbox.processes.started")
			.description("sandbox processes started")
			.register(meters);
		this.waits = Timer.builder("ocr.sandbox.wait")
			.description("time requests wait for an idle sandbox process")
			.register(meters);
		Gauge.builder("ocr.sandbox.processes.busy", this, Sandboxes::busy)
			.description("sandbox processes working on a request")
			.register(meters);
		Gauge.builder("ocr.sandbox.processes.live", this, Sandboxes::live)
			.description("sandbox processes running")
			.register(meters);
		Gauge.builder("ocr.sandbox.isolated", this, (pool) -> pool.launcher.isolated() ? 1 : 0)
			.description("1 when sandbox processes run in a network namespace of their own")
			.register(meters);
		log.info("sandbox: {} processes of {} heap, isolation {}, command {}", size, properties.heap(),
				launcher.isolated() ? "network namespace" : "none", launcher.describe());
		for (int i = 0; i < size; i++) {
			try {
				SandboxProcess process = start();
				this.lock.lock();
				try {
					this.live++;
					this.idle.add(process);
				}
				finally {
					this.lock.unlock();
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException("cannot start sandbox processes", ex);
			}
		}
	}

	/**
	 * Checks a document and counts its pages, stopping after {@code maxPages + 1}.
	 * @throws DocumentUnavailable with the reason the document cannot be processed
	 */
	public int plan(Path file, DocumentType declared, int maxPages) {
		Response response = call(new Request.Plan(file, declared, maxPages), 0, this.properties.planningDeadline(),
				"checking the document", ErrorCode.DOCUMENT_TOO_COMPLEX, ErrorCode.DOCUMENT_TOO_COMPLEX);
		return switch (response) {
			case Response.Planned planned -> planned.pages();
			case Response.Refused refused -> throw new DocumentUnavailable(refused.code(), refused.sentence());
			case Response.TextPage text -> throw new IllegalStateException("a page answered a planning request");
			case Response.Raster raster -> throw new IllegalStateException("a page answered a planning request");
		};
	}

	/**
	 * Reads one page: its good text layer, or its pixels to recognise.
	 * @param deadline the time the page may spend in sandbox processes, over all attempts
	 */
	public SandboxPage page(Path file, DocumentType type, int page, PageLimits limits, Duration deadline) {
		Response response = call(new Request.Page(file, type, page, limits), limits.maxPixels(), deadline,
				"reading page " + page, ErrorCode.PAGE_TOO_COMPLEX, ErrorCode.RENDER_TIMEOUT);
		return switch (response) {
			case Response.TextPage text -> new SandboxPage.Text(text.text());
			case Response.Raster raster -> new SandboxPage.Raster(
					new PageImage(gray(raster.width(), raster.height(), raster.pixels()), raster.dpi(), raster.ink()),
					raster.textLayer());
			case Response.Refused refused -> new SandboxPage.Failed(refused.code(), refused.sentence());
			case Response.Planned planned -> throw new IllegalStateException("a planning answered a page request");
		};
	}

	private Response call(Request request, long maxPixels, Duration deadline, String what, ErrorCode onDeath,
			ErrorCode onDeadline) {
		long budget = deadline.toNanos();
		int attempts = 1 + this.properties.crashRetries();
		for (int attempt = 1; attempt <= attempts; attempt++) {
			SandboxProcess process = acquire(request.file());
			long t0 = System.nanoTime();
			try {
				Response response = process.call(request, maxPixels, Duration.ofNanos(budget), this.timer);
				release(process);
				return response;
			}
			catch (SandboxProcess.Died ex) {
				budget -= System.nanoTime() - t0;
				replace(process, ex.death());
				if (isClosed()) {
					throw new WorkerStopping();
				}
				log.warn("{} of {} on {}: the process was lost ({}), attempt {} of {}", what,
						request.file().getFileName(), process, ex.death().tag(), attempt, attempts);
				if (ex.death() == SandboxProcess.Death.DEADLINE || budget <= 0) {
					return new Response.Refused(onDeadline, (onDeadline == ErrorCode.RENDER_TIMEOUT)
							? "The page took longer than " + deadline.toSeconds() + " s to read and render."
							: "The document took longer than " + deadline.toSeconds() + " s to check.");
				}
			}
			catch (RuntimeException | Error ex) {
				replace(process, SandboxProcess.Death.CRASHED);
				throw ex;
			}
		}
		return new Response.Refused(onDeath, (onDeath == ErrorCode.PAGE_TOO_COMPLEX)
				? "The page needs more memory or time to read than a worker allows."
				: "The document needs more memory or time to check than a worker allows.");
	}

	/** An idle process, preferring one that has this file open; waits for one. */
	private SandboxProcess acquire(Path file) {
		long t0 = System.nanoTime();
		this.lock.lock();
		try {
			while (true) {
				if (this.closed) {
					throw new WorkerStopping();
				}
				SandboxProcess process = takeIdle(file);
				if (process != null) {
					this.busy++;
					this.waits.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
					return process;
				}
				if (this.live < this.size) {
					// one was lost and its replacement could not be started then: try now
					this.live++;
					this.busy++;
					break;
				}
				this.available.await();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new WorkerStopping();
		}
		finally {
			this.lock.unlock();
		}
		try {
			SandboxProcess process = start();
			this.waits.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
			return process;
		}
		catch (IOException ex) {
			this.lock.lock();
			try {
				this.live--;
				this.busy--;
				this.available.signal();
			}
			finally {
				this.lock.unlock();
			}
			throw new IllegalStateException("cannot start a sandbox process", ex);
		}
	}

	private SandboxProcess takeIdle(Path file) {
		for (Iterator<SandboxProcess> it = this.idle.iterator(); it.hasNext();) {
			SandboxProcess process = it.next();
			if (!process.isAlive()) {
				// died while idle (killed from outside): forget it, a replacement starts on demand
				it.remove();
				this.live--;
				lost(SandboxProcess.Death.CRASHED);
			}
		}
		for (Iterator<SandboxProcess> it = this.idle.iterator(); it.hasNext();) {
			SandboxProcess process = it.next();
			if (file.equals(process.lastFile())) {
				it.remove();
				return process;
			}
		}
		return this.idle.pollFirst();
	}

	private void release(SandboxProcess process) {
		this.lock.lock();
		try {
			this.busy--;
			if (this.closed || !process.isAlive()) {
				this.live--;
				this.all.remove(process);
				process.kill();
			}
			else {
				// most recently used first: the next request for another file takes a process
				// whose open file is least likely to be asked for again
				this.idle.addLast(process);
			}
			this.available.signal();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Counts a lost process and starts its replacement, so the pool stays warm. */
	private void replace(SandboxProcess process, SandboxProcess.Death death) {
		process.kill();
		lost(death);
		SandboxProcess fresh = null;
		if (!isClosed()) {
			try {
				fresh = start();
			}
			catch (IOException ex) {
				log.error("cannot start a sandbox process to replace {}; will try again on demand", process, ex);
			}
		}
		this.lock.lock();
		try {
			this.busy--;
			this.all.remove(process);
			if (fresh != null && !this.closed) {
				this.idle.addLast(fresh);
			}
			else {
				this.live--;
				if (fresh != null) {
					fresh.kill();
				}
			}
			this.available.signal();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void lost(SandboxProcess.Death death) {
		this.meters.counter("ocr.sandbox.processes.killed", "reason", death.tag()).increment();
	}

	private SandboxProcess start() throws IOException {
		SandboxProcess process = new SandboxProcess(this.numbers.incrementAndGet(), this.launcher.start());
		this.started.increment();
		this.lock.lock();
		try {
			this.all.add(process);
		}
		finally {
			this.lock.unlock();
		}
		return process;
	}

	private boolean isClosed() {
		this.lock.lock();
		try {
			return this.closed;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The process ids of the live processes (for tests and diagnostics). */
	List<Long> pids() {
		this.lock.lock();
		try {
			return this.all.stream().filter(SandboxProcess::isAlive).map(SandboxProcess::pid).toList();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** How many processes are working on a request now. */
	public int busy() {
		this.lock.lock();
		try {
			return this.busy;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** How many processes run (or are starting). */
	public int live() {
		this.lock.lock();
		try {
			return this.live;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The number of processes this pool keeps. */
	public int size() {
		return this.size;
	}

	/** Stops every process: idle ones at once, busy ones (their requests end as the worker stopping). */
	@Override
	public void close() {
		List<SandboxProcess> processes;
		this.lock.lock();
		try {
			this.closed = true;
			processes = List.copyOf(this.all);
			this.all.clear();
			this.idle.clear();
			this.available.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		processes.forEach(SandboxProcess::kill);
		this.timer.shutdownNow();
	}

	/** Wraps pixels, without copying them, as the 8-bit gray image the OCR engines take. */
	static BufferedImage gray(int width, int height, byte[] pixels) {
		ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY),
				new int[] { 8 }, false, true, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
		WritableRaster raster = Raster.createInterleavedRaster(new DataBufferByte(pixels, width * height), width,
				height, width, 1, new int[] { 0 }, null);
		return new BufferedImage(model, raster, false, null);
	}

}
