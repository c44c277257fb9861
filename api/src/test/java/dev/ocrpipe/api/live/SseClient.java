package dev.ocrpipe.api.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A real network client of a {@code text/event-stream}: reads the response line by line on a
 * virtual thread and parses it into frames, as a browser's EventSource would.
 */
final class SseClient implements AutoCloseable {

	static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	/**
	 * One frame: an event (name, id, data), or comments only.
	 */
	record Frame(String id, String event, String data, Long retry, List<String> comments) {

		boolean isEvent() {
			return this.data != null;
		}

	}

	final List<Frame> frames = new CopyOnWriteArrayList<>();

	volatile HttpResponse<Stream<String>> response;

	volatile boolean closed;

	private volatile Stream<String> lines;

	private SseClient() {
	}

	static SseClient open(int port, String path, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Accept", "text/event-stream")
			.GET();
		headers.forEach(request::header);
		SseClient client = new SseClient();
		Thread.ofVirtual().name("sse-client").start(() -> client.read(request.build()));
		return client;
	}

	static SseClient open(int port, String path) {
		return open(port, path, Map.of());
	}

	private void read(HttpRequest request) {
		try {
			HttpResponse<Stream<String>> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
			this.lines = answer.body();
			this.response = answer;
			String id = null;
			String event = null;
			StringBuilder data = null;
			Long retry = null;
			List<String> comments = new ArrayList<>();
			for (String line : (Iterable<String>) answer.body()::iterator) {
				if (line.isEmpty()) {
					if (data != null || !comments.isEmpty() || retry != null) {
						this.frames.add(new Frame(id, event, (data != null) ? data.toString() : null, retry,
								List.copyOf(comments)));
					}
					id = null;
					event = null;
					data = null;
					retry = null;
					comments.clear();
					continue;
				}
				if (line.startsWith(":")) {
					comments.add(line.substring(1).strip());
					continue;
				}
				int colon = line.indexOf(':');
				String field = (colon < 0) ? line : line.substring(0, colon);
				String value = (colon < 0) ? "" : line.substring(colon + 1);
				if (value.startsWith(" ")) {
					value = value.substring(1);
				}
				switch (field) {
					case "id" -> id = value;
					case "event" -> event = value;
					case "retry" -> retry = Long.parseLong(value);
					case "data" -> data = (data == null) ? new StringBuilder(value) : data.append('\n').append(value);
					default -> {
					}
				}
			}
		}
		catch (IOException | UncheckedIOException ex) {
			// closed by us or by the server
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.closed = true;
		}
	}

	int status() {
		return (this.response != null) ? this.response.statusCode() : -1;
	}

	List<Frame> events() {
		return this.frames.stream().filter(Frame::isEvent).toList();
	}

	List<String> ids() {
		return events().stream().map(Frame::id).toList();
	}

	List<String> names() {
		return events().stream().map(Frame::event).toList();
	}

	@Override
	public void close() {
		Stream<String> body = this.lines;
		if (body != null) {
			body.close();
		}
	}

}
