package dev.ocrpipe.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * TCP port checks, so that a port already taken fails the stack at once with a clear message
 * instead of a stack trace from deep inside a server, and tests can pick free ports.
 */
public final class Ports {

	private Ports() {
	}

	/** @return a port that was free on 127.0.0.1 a moment ago */
	public static int free() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free port", ex);
		}
	}

	/**
	 * @param host the address to bind
	 * @param port the port
	 * @param what what needs the port, for the message
	 * @throws IllegalStateException if the port is taken
	 */
	public static void requireFree(String host, int port, String what) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(host, port));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Port " + host + ":" + port + " (" + what
					+ ") is already in use: stop whatever listens there (is another local stack running? try `ss -ltnp | grep "
					+ port + "`) or choose another port");
		}
	}

	/**
	 * @param host the host
	 * @param port the port
	 * @return whether something accepts connections there
	 */
	public static boolean accepting(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
