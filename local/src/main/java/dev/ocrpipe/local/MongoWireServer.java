package dev.ocrpipe.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * A MongoDB wire-protocol server (mongo-java-server) in this JVM, because no genuine
 * {@code mongod} can be installed without Docker or the internet; with an H2 file its data
 * survives restarts. It has no transactions, change streams or TTL enforcement, which ocrpipe
 * does not rely on.
 */
public final class MongoWireServer implements AutoCloseable {

	private final MongoServer server;

	private final Path file;

	private final String host;

	private final int port;

	private MongoWireServer(MongoServer server, Path file, String host, int port) {
		this.server = server;
		this.file = file;
		this.host = host;
		this.port = port;
	}

	/**
	 * Starts a server.
	 * @param file the H2 MVStore file holding every database (created with its parent
	 * directories), or {@code null} to keep data in memory only
	 * @param host the address to bind, such as {@code 127.0.0.1}
	 * @param port the port, or 0 for any free one
	 * @return the running server
	 * @throws IllegalStateException if the port is taken or the file is locked by another
	 * process
	 */
	public static MongoWireServer start(Path file, String host, int port) {
		if (port != 0) {
			Ports.requireFree(host, port, "MongoDB wire server");
		}
		MongoBackend backend = (file != null) ? h2(file) : new MemoryBackend();
		MongoServer server = new MongoServer(backend);
		try {
			server.bind(host, port);
		}
		catch (RuntimeException ex) {
			backend.close();
			throw new IllegalStateException("Cannot bind the MongoDB wire server to " + host + ":" + port, ex);
		}
		return new MongoWireServer(server, file, host, server.getLocalAddress().getPort());
	}

	private static MongoBackend h2(Path file) {
		try {
			Path parent = file.toAbsolutePath().getParent();
			Files.createDirectories(parent);
			return new H2Backend(file.toAbsolutePath().toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the directory of " + file, ex);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("Cannot open " + file
					+ " (is another local stack using it? stop it, or use another data directory)", ex);
		}
	}

	/**
	 * @param database a database name
	 * @return the connection string for that database, such as
	 * {@code mongodb://127.0.0.1:27017/ocrpipe}
	 */
	public String uri(String database) {
		return "mongodb://" + this.host + ":" + this.port + "/" + database;
	}

	/** @return the bound host */
	public String host() {
		return this.host;
	}

	/** @return the bound port */
	public int port() {
		return this.port;
	}

	/** @return the H2 file, or {@code null} for an in-memory server */
	public Path file() {
		return this.file;
	}

	/** Closes client connections and the backend; an H2 file is flushed and closed. */
	public void stop() {
		this.server.shutdown();
	}

	@Override
	public void close() {
		stop();
	}

	@Override
	public String toString() {
		return "MongoWireServer[" + uri("") + ((this.file != null) ? ", " + this.file : ", in memory") + "]";
	}

}
