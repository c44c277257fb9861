package dev.ocrpipe.local;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for the API and worker jars in {@link LocalStackIT}: answers
 * {@code /actuator/health} with UP on {@code SERVER_PORT} and prints the settings it was given.
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
		server.start();
		for (String name : new String[] { "SERVER_PORT", "SPRING_MONGODB_URI", "SPRING_KAFKA_BOOTSTRAP_SERVERS",
				"SPRING_PROFILES_ACTIVE", "OCR_WORKER_INSTANCEID", "OCR_WORKER_ENGINE" }) {
			System.out.println("env " + name + "=" + System.getenv(name));
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("graceful stop")));
	}

}
