package dev.ocrpipe.worker.sandbox;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ocrpipe.sandbox.Request;
import dev.ocrpipe.sandbox.Response;
import dev.ocrpipe.sandbox.Wire;

/**
 * One sandbox process and its pipes: one request at a time, under a deadline the worker enforces by
 * killing the process. Its stderr goes to the worker's log.
 */
final class SandboxProcess {

	private static final Logger log = LoggerFactory.getLogger("dev.ocrpipe.sandbox");

	/** The exit code of a JVM stopped by {@code -XX:+ExitOnOutOfMemoryError}. */
	static final int OUT_OF_MEMORY_EXIT = 3;

	private final int number;

	private final Process process;

	private final DataOutputStream requests;

	private final DataInputStream responses;

	private final ExecutorService io;

	/** The longest a process may take to start and warm up before its first request. */
	static final Duration STARTUP = Duration.ofMinutes(2);

	/** The file of the last request, which the process keeps open. */
	private Path lastFile;

	/** Whether the process said it is ready (a request's deadline starts only then). */
	private boolean ready;

	SandboxProcess(int number, Process process) {
		this.number = number;
		this.process = process;
		this.requests = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 4096));
		this.responses = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
		// blocking reads of a child's pipes pin a virtual thread's carrier: with one carrier per core,
		// a few of them would starve every virtual thread of the worker (pages, HTTP, health). Pipe
		// I/O happens on platform threads of the process's own; callers wait on a future.
		this.io = Executors
			.newSingleThreadExecutor(Thread.ofPlatform().name("sandbox-" + number + "-io").daemon().factory());
		Thread.ofPlatform().name("sandbox-" + number + "-log").daemon(true).start(this::pumpLog);
	}

	/** Runs a blocking exchange with the process on its I/O thread and waits for it. */
	private <T> T onIoThread(Callable<T> exchange) throws IOException {
		Future<T> future = this.io.submit(exchange);
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			// the caller is going away: the process is killed, which ends the exchange
			kill();
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while waiting for the sandbox process", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof IOException io) {
				throw io;
			}
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw new IOException(ex.getCause());
		}
	}

	/** Why a process was lost in the middle of a request. */
	enum Death {

		/** killed by us: it missed its deadline */
		DEADLINE,
		/** it ran out of heap and exited */
		OUT_OF_MEMORY,
		/** it died otherwise (killed from outside, crashed) */
		CRASHED,
		/** killed by us: it broke the protocol */
		PROTOCOL;

		String tag() {
			return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
		}

	}

	/** The process was lost during a request. */
	static final class Died extends Exception {

		private final Death death;

		Died(Death death, Throwable cause) {
			super(death.name(), cause, false, false);
			this.death = death;
		}

		Death death() {
			return this.death;
		}

	}

	/**
	 * Sends a request and waits for its response, killing the process when the deadline passes.
	 * @param maxPixels the most pixels a response may carry
	 */
	Response call(Request request, long maxPixels, Duration deadline, ScheduledExecutorService timer) throws Died {
		if (!this.ready) {
			// a fresh process starts its JVM and warms up first: that is not the page's time
			awaitReady(timer);
		}
		this.lastFile = request.file();
		AtomicBoolean late = new AtomicBoolean();
		ScheduledFuture<?> alarm = timer.schedule(() -> {
			late.set(true);
			this.process.destroyForcibly();
		}, Math.max(1, deadline.toMillis()), TimeUnit.MILLISECONDS);
		try {
			return onIoThread(() -> {
				Wire.write(request, this.requests);
				return Wire.readResponse(this.responses, maxPixels);
			});
		}
		catch (Wire.ProtocolViolation ex) {
			kill();
			throw new Died(late.get() ? Death.DEADLINE : Death.PROTOCOL, ex);
		}
		catch (IOException ex) {
			kill();
			if (late.get()) {
				throw new Died(Death.DEADLINE, ex);
			}
			Integer exit = exitCode();
			throw new Died((exit != null && exit == OUT_OF_MEMORY_EXIT) ? Death.OUT_OF_MEMORY : Death.CRASHED, ex);
		}
		finally {
			alarm.cancel(false);
		}
	}

	private void awaitReady(ScheduledExecutorService timer) throws Died {
		ScheduledFuture<?> alarm = timer.schedule(this.process::destroyForcibly, STARTUP.toMillis(),
				TimeUnit.MILLISECONDS);
		try {
			onIoThread(() -> {
				Wire.readReady(this.responses);
				return null;
			});
			this.ready = true;
		}
		catch (IOException ex) {
			kill();
			Integer exit = exitCode();
			throw new Died((exit != null && exit == OUT_OF_MEMORY_EXIT) ? Death.OUT_OF_MEMORY : Death.CRASHED, ex);
		}
		finally {
			alarm.cancel(false);
		}
	}

	private Integer exitCode() {
		try {
			return this.process.waitFor(5, TimeUnit.SECONDS) ? this.process.exitValue() : null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	int number() {
		return this.number;
	}

	long pid() {
		return this.process.pid();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	Path lastFile() {
		return this.lastFile;
	}

	/** Kills the process (SIGKILL) and closes our ends of its pipes. */
	void kill() {
		this.process.destroyForcibly();
		this.io.shutdown();
		try {
			this.requests.close();
		}
		catch (IOException ex) {
			// the pipe is gone with the process
		}
	}

	/** Lets the process go: closing its stdin ends it; it is killed if still there after a while. */
	void close() {
		this.io.shutdown();
		try {
			this.requests.close();
		}
		catch (IOException ex) {
			// it is dying anyway
		}
		this.process.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally((timeout) -> {
			this.process.destroyForcibly();
			return null;
		});
	}

	private void pumpLog() {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(this.process.getErrorStream(), StandardCharsets.UTF_8))) {
			for (String raw = lines.readLine(); raw != null; raw = lines.readLine()) {
				// the process has read untrusted bytes: keep its lines short and printable
				String line = raw.replaceAll("\\p{Cntrl}", "?");
				line = (line.length() > 2000) ? line.substring(0, 2000) + "…" : line;
				if (line.contains("OutOfMemoryError")) {
					log.warn("sandbox-{}: {}", this.number, line);
				}
				else {
					log.info("sandbox-{}: {}", this.number, line);
				}
			}
		}
		catch (IOException ex) {
			// the process is gone
		}
	}

	@Override
	public String toString() {
		return "sandbox-" + this.number + " (pid " + pid() + ")";
	}

}
