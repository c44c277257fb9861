package dev.ocrpipe.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Counts and times read from the workers' actuators before and after a run, so the run can say
 * where a page's time went ({@code ocr.page.phase}) and how many MongoDB commands a page cost
 * ({@code mongodb.driver.commands}) instead of leaving it to guesswork.
 */
final class WorkerProfile {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	/** Count and total seconds of one timer (summed over the workers). */
	record Timing(double count, double seconds) {

		Timing minus(Timing other) {
			return new Timing(this.count - other.count, this.seconds - other.seconds);
		}

	}

	/**
	 * One snapshot of every worker.
	 *
	 * @param phases {@code ocr.page.phase} by phase
	 * @param commands {@code mongodb.driver.commands} by command
	 */
	record Snapshot(Map<String, Timing> phases, Map<String, Timing> commands) {

		Snapshot minus(Snapshot before) {
			return new Snapshot(minus(this.phases, before.phases), minus(this.commands, before.commands));
		}

		private static Map<String, Timing> minus(Map<String, Timing> after, Map<String, Timing> before) {
			Map<String, Timing> delta = new LinkedHashMap<>();
			after.forEach((key, timing) -> delta.put(key, timing.minus(before.getOrDefault(key, new Timing(0, 0)))));
			return delta;
		}

		/** Mean milliseconds per page of each phase, over {@code pages} pages. */
		Map<String, Double> phaseMsPerPage(int pages) {
			Map<String, Double> ms = new LinkedHashMap<>();
			this.phases.forEach((phase, timing) -> ms.put(phase, 1000 * timing.seconds() / Math.max(1, pages)));
			return ms;
		}

		/** MongoDB commands per page, by command, over {@code pages} pages. */
		Map<String, Double> commandsPerPage(int pages) {
			Map<String, Double> perPage = new LinkedHashMap<>();
			this.commands.forEach((command, timing) -> perPage.put(command, timing.count() / Math.max(1, pages)));
			return perPage;
		}

		/** Mean milliseconds of one MongoDB command, all commands together. */
		double msPerCommand() {
			double count = this.commands.values().stream().mapToDouble(Timing::count).sum();
			double seconds = this.commands.values().stream().mapToDouble(Timing::seconds).sum();
			return 1000 * seconds / Math.max(1, count);
		}

	}

	private WorkerProfile() {
	}

	static Snapshot take(List<URI> workers) {
		return new Snapshot(timers(workers, "ocr.page.phase", "phase"),
				timers(workers, "mongodb.driver.commands", "command"));
	}

	/** The sum of a gauge over the workers (NaN if a worker does not answer). */
	static double gauge(List<URI> workers, String metric) {
		double sum = 0;
		for (URI worker : workers) {
			sum += read(worker.resolve("/actuator/metrics/" + metric)).path("measurements")
				.path(0)
				.path("value")
				.asDouble(Double.NaN);
		}
		return sum;
	}

	private static Map<String, Timing> timers(List<URI> workers, String metric, String tag) {
		Map<String, Timing> sums = new LinkedHashMap<>();
		for (URI worker : workers) {
			JsonNode all = read(worker.resolve("/actuator/metrics/" + metric));
			for (JsonNode tags : all.path("availableTags")) {
				if (!tag.equals(tags.path("tag").asString())) {
					continue;
				}
				for (JsonNode value : tags.path("values")) {
					String name = value.asString();
					JsonNode one = read(worker.resolve("/actuator/metrics/" + metric + "?tag="
							+ URLEncoder.encode(tag + ":" + name, StandardCharsets.UTF_8)));
					double count = 0;
					double seconds = 0;
					for (JsonNode m : one.path("measurements")) {
						switch (m.path("statistic").asString()) {
							case "COUNT" -> count = m.path("value").asDouble();
							case "TOTAL_TIME" -> seconds = m.path("value").asDouble();
							default -> {
							}
						}
					}
					Timing sum = sums.getOrDefault(name, new Timing(0, 0));
					sums.put(name, new Timing(sum.count() + count, sum.seconds() + seconds));
				}
			}
		}
		return sums;
	}

	private static JsonNode read(URI uri) {
		try {
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200) ? json.readTree(response.body()) : json.missingNode();
		}
		catch (IOException ex) {
			return json.missingNode();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return json.missingNode();
		}
	}

}
