package dev.ocrpipe.testkit;

import java.net.InetSocketAddress;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * An in-process Mongo-wire server (mongo-java-server, memory backend) on a free port, for tests.
 */
public final class MongoTestServer implements AutoCloseable {

	private final MongoServer server;

	private final InetSocketAddress address;

	private MongoTestServer() {
		this.server = new MongoServer(new MemoryBackend());
		this.server.bind("127.0.0.1", 0);
		this.address = this.server.getLocalAddress();
	}

	public static MongoTestServer start() {
		return new MongoTestServer();
	}

	/** A connection string for the given database. */
	public String uri(String database) {
		return "mongodb://127.0.0.1:" + this.address.getPort() + "/" + database;
	}

	@Override
	public void close() {
		this.server.shutdownNow();
	}

}
