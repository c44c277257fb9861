package dev.ocrpipe.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Samples one actuator metric of several processes at a fixed interval while a run goes on, summed
 * over the processes, because a gauge read once says little (in-flight pages, used heap).
 */
final class MetricSampler implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final List<URI> metrics;

	private final Duration interval;

	private final List<Sample> samples = new ArrayList<>();

	private final Thread thread;

	/** The sum of the metric over the processes at one instant. */
	record Sample(Instant at, double value) {
	}

	/**
	 * Starts sampling.
	 * @param bases the processes' base URIs
	 * @param metric the metric and tags as the metrics endpoint takes them, e.g.
	 * {@code jvm.memory.used?tag=area:heap}
	 * @param interval how often
	 */
	MetricSampler(List<URI> bases, String metric, Duration interval) {
		this.metrics = bases.stream().map((base) -> base.resolve("/actuator/metrics/" + metric)).toList();
		this.interval = interval;
		this.thread = Thread.ofPlatform().name("bench-sampler").daemon().start(this::run);
	}

	private void run() {
		while (!Thread.currentThread().isInterrupted()) {
			double sum = 0;
			boolean complete = true;
			for (URI metric : this.metrics) {
				double value = read(metric);
				complete &= !Double.isNaN(value);
				sum += Double.isNaN(value) ? 0 : value;
			}
			if (complete) {
				synchronized (this.samples) {
					this.samples.add(new Sample(Instant.now(), sum));
				}
			}
			LockSupport.parkNanos(this.interval.toNanos());
		}
	}

	private double read(URI metric) {
		try {
			HttpResponse<String> response = this.http.send(
					HttpRequest.newBuilder(metric).timeout(Duration.ofSeconds(2)).build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				return Double.NaN;
			}
			JsonNode measurement = json.readTree(response.body()).path("measurements").path(0);
			return measurement.path("value").asDouble(Double.NaN);
		}
		catch (IOException | RuntimeException ex) {
			return Double.NaN;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Double.NaN;
		}
	}

	/** @return the largest sample, or NaN if none was taken */
	double max() {
		synchronized (this.samples) {
			return this.samples.stream().mapToDouble(Sample::value).max().orElse(Double.NaN);
		}
	}

	/** @return the mean of the samples taken between the two instants, or NaN if none */
	double mean(Instant from, Instant to) {
		synchronized (this.samples) {
			return this.samples.stream()
				.filter((s) -> !s.at().isBefore(from) && !s.at().isAfter(to))
				.mapToDouble(Sample::value)
				.average()
				.orElse(Double.NaN);
		}
	}

	@Override
	public void close() {
		this.thread.interrupt();
		try {
			this.thread.join(Duration.ofSeconds(5));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
