package dev.ocrpipe.api.system;

import java.net.SocketTimeoutException;

/**
 * Raised while reading a request body that arrives slower than the configured minimum rate: a
 * read timeout to Tomcat, which answers {@code 408} and closes the connection, so a client that
 * trickles bytes cannot hold a request thread and a connection for as long as it likes.
 */
public class BodyTooSlow extends SocketTimeoutException {

	public BodyTooSlow(long bytes, long millis, long minBytesPerSecond) {
		super("Request body arrived at " + bytes + " bytes in " + millis + " ms of waiting, below "
				+ minBytesPerSecond + " bytes/s");
	}

}
