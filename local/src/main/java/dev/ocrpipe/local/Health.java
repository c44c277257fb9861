package dev.ocrpipe.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether a started API or worker is ready: its actuator health says UP. One definition for the
 * local stack, the end-to-end tests and the benchmarks, which all start the executable jars.
 */
public final class Health {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	private Health() {
	}

	/** Whether {@code healthUrl} answers 200 with status UP (false while nothing listens yet). */
	public static boolean isUp(URI healthUrl) {
		try {
			HttpResponse<String> response = HTTP.send(
					HttpRequest.newBuilder(healthUrl).timeout(Duration.ofSeconds(2)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200 && response.body().contains("\"UP\"");
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Waits until the app at {@code base} is healthy, polling every half second.
	 * @throws IllegalStateException with the end of the app's log if it dies first or is not
	 * healthy within {@code atMost}
	 */
	public static void await(ChildJvm app, URI base, Duration atMost) {
		URI health = base.resolve("/actuator/health");
		Instant deadline = Instant.now().plus(atMost);
		while (!isUp(health)) {
			if (!app.isAlive()) {
				throw new IllegalStateException(app.name() + " died:\n" + app.tailText(40));
			}
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException(app.name() + " did not become healthy within " + atMost.toSeconds()
						+ " s:\n" + app.tailText(60));
			}
			try {
				// the poll interval, cut short if the app dies meanwhile
				app.onExit().get(500, TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException | ExecutionException ex) {
				// still running: poll again
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted", ex);
			}
		}
	}

}
