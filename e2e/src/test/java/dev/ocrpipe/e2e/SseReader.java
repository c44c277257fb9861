package dev.ocrpipe.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads a {@code text/event-stream} over a real HTTP connection, event by event, as a browser's
 * EventSource would.
 */
final class SseReader implements AutoCloseable {

	/** One server-sent event; {@code event} is null for an unnamed one. */
	record Event(String event, String id, String data) {
	}

	private final InputStream body;

	private final BufferedReader reader;

	private final int status;

	SseReader(URI uri, String token, String lastEventId) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.header("Accept", "text/event-stream")
			.header("Authorization", "Bearer " + token)
			.timeout(Duration.ofMinutes(5));
		if (lastEventId != null) {
			request.header("Last-Event-ID", lastEventId);
		}
		try {
			HttpResponse<InputStream> response = HttpClient.newHttpClient()
				.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
			this.status = response.statusCode();
			this.body = response.body();
			this.reader = new BufferedReader(new InputStreamReader(this.body, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	int status() {
		return this.status;
	}

	/** The next event, or null when the server closed the stream. Comments (heartbeats) are skipped. */
	Event next() {
		String event = null;
		String id = null;
		StringBuilder data = null;
		try {
			for (String line = this.reader.readLine(); line != null; line = this.reader.readLine()) {
				if (line.isEmpty()) {
					if (data != null) {
						return new Event(event, id, data.toString());
					}
					continue;
				}
				if (line.startsWith(":")) {
					continue;
				}
				int colon = line.indexOf(':');
				String field = (colon < 0) ? line : line.substring(0, colon);
				String value = (colon < 0) ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
				switch (field) {
					case "event" -> event = value;
					case "id" -> id = value;
					case "data" -> data = (data == null) ? new StringBuilder(value) : data.append('\n').append(value);
					default -> {
					}
				}
			}
			return null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Events up to and including the first that matches, or to the end of the stream. */
	List<Event> until(Predicate<Event> last) {
		List<Event> events = new ArrayList<>();
		for (Event event = next(); event != null; event = next()) {
			events.add(event);
			if (last.test(event)) {
				break;
			}
		}
		return events;
	}

	@Override
	public void close() {
		try {
			this.body.close();
		}
		catch (IOException ex) {
			// closing a half-read stream; nothing to do
		}
	}

}
