package dev.ocrpipe.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A child program for {@link ChildJvmIT}: its shutdown hook writes a marker file, which proves that
 * a stop delivered SIGTERM (hooks run) and a kill did not.
 */
public final class MarkerMain {

	private MarkerMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		Path marker = Path.of(args[0]);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			System.out.println("stopping");
			try {
				Files.writeString(marker, "shutdown hook ran");
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}));
		System.out.println("ready");
		new CountDownLatch(1).await();
	}

}
