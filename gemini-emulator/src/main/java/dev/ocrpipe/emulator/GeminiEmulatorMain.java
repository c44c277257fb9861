package dev.ocrpipe.emulator;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CountDownLatch;

import dev.ocrpipe.tesseract.Tessdata;
import dev.ocrpipe.tesseract.TesseractReader;

/**
 * Runs the emulator as its own process for the local stack, benchmarks and fault tests, with
 * Tesseract giving a real reading of every image (demo mode).
 *
 * <p>
 * Options: {@code --port 8090} (0 for a free port), {@code --bind 127.0.0.1} ({@code 0.0.0.0}
 * inside a container), {@code --pool 2} Tesseract engines, {@code --no-tesseract} to answer a
 * fixed text instead. Prints {@code gemini-emulator listening on <base URL>} when ready; stops
 * on SIGTERM or Ctrl-C.
 */
public final class GeminiEmulatorMain {

	private GeminiEmulatorMain() {
	}

	/**
	 * Starts the emulator and waits until the JVM is asked to stop.
	 * @param args the options above
	 * @throws Exception if the emulator cannot start
	 */
	public static void main(String[] args) throws Exception {
		int port = 8090;
		String bind = "127.0.0.1";
		int pool = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
		boolean tesseract = true;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
				case "--bind" -> bind = value(args, ++i, "--bind");
				case "--pool" -> pool = Integer.parseInt(value(args, ++i, "--pool"));
				case "--no-tesseract" -> tesseract = false;
				default -> {
					System.err.println("Unknown option " + args[i]
							+ "; usage: [--port 8090] [--bind 127.0.0.1] [--pool 2] [--no-tesseract]");
					System.exit(2);
				}
			}
		}
		TesseractReader reader = tesseract ? new TesseractReader(Tessdata.bundled(), Tessdata.BUNDLED_LANGUAGE, pool)
				: null;
		GeminiEmulator emulator = GeminiEmulator.start(new InetSocketAddress(address(bind), port), reader);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			emulator.close();
			if (reader != null) {
				reader.close();
			}
			stopped.countDown();
		}, "gemini-emulator-shutdown"));
		System.out.println("gemini-emulator listening on " + emulator.baseUrl() + " (responder: "
				+ (tesseract ? "tesseract" : "fixed text") + ")");
		System.out.flush();
		stopped.await();
	}

	private static String value(String[] args, int index, String option) {
		if (index >= args.length) {
			throw new IllegalArgumentException(option + " needs a value");
		}
		return args[index];
	}

	private static InetAddress address(String bind) throws UnknownHostException {
		return InetAddress.getByName(bind);
	}

}
