package dev.ocrpipe.local;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for the API and worker jars in {@link LocalStackIT}: answers
 * {@code /actuator/health} with UP on {@code SERVER_PORT}, plays the API's test login and token
 * minting the way the launcher uses them, and prints the settings it was given.
 */
public final class FakeAppMain {

	private FakeAppMain() {
	}

	public static void main(String[] args) throws IOException {
		int port = Integer.parseInt(System.getenv("SERVER_PORT"));
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
		server.createContext("/actuator/health", (exchange) -> {
			byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		String testSecret = System.getenv("OCR_API_AUTH_TESTSECRET");
		server.createContext("/api/v1/auth/test-login", (exchange) -> {
			boolean allowed = testSecret != null && testSecret.equals(exchange.getRequestHeaders().getFirst("X-Test-Auth"));
			if (allowed) {
				exchange.getResponseHeaders().add("Set-Cookie", "ocrpipe-session=fake-session; Path=/; HttpOnly");
				exchange.getResponseHeaders().add("Set-Cookie", "XSRF-TOKEN=fake-csrf; Path=/");
			}
			answer(exchange, allowed ? 200 : 401, allowed ? "{\"subject\":\"local\"}" : "{}");
		});
		server.createContext("/api/v1/tokens", (exchange) -> {
			boolean allowed = "fake-csrf".equals(exchange.getRequestHeaders().getFirst("X-XSRF-TOKEN"))
					&& String.valueOf(exchange.getRequestHeaders().getFirst("Cookie")).contains("ocrpipe-session=fake-session");
			answer(exchange, allowed ? 201 : 403, allowed ? "{\"id\":\"t1\",\"token\":\"ocp_fake\"}" : "{}");
		});
		server.createContext("/api/v1/me", (exchange) -> answer(exchange,
				"Bearer ocp_fake".equals(exchange.getRequestHeaders().getFirst("Authorization")) ? 200 : 401, "{}"));
		server.start();
		for (String name : new String[] { "SERVER_PORT", "SPRING_MONGODB_URI", "SPRING_KAFKA_BOOTSTRAP_SERVERS",
				"SPRING_PROFILES_ACTIVE", "OCR_WORKER_INSTANCEID", "OCR_WORKER_ENGINE", "TEST_MODE" }) {
			System.out.println("env " + name + "=" + System.getenv(name));
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("graceful stop")));
	}

	private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String json)
			throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
