package dev.ocrpipe.local;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The command line of {@link LocalStack}, parsed once into a value so that the startup code
 * reads settings, not strings.
 *
 * @param root the repository root (where {@code api/target} and {@code worker/target} are)
 * @param dataDir where Mongo, Kafka and the logs keep their files
 * @param fresh whether to delete {@code dataDir} first
 * @param workers how many worker processes
 * @param geminiEmulator whether to run the Gemini emulator and point the workers at it
 * @param color whether to colour the console prefixes
 * @param mongoPort the MongoDB wire server port
 * @param kafkaPort the Kafka client port
 * @param kafkaControllerPort the Kafka controller port
 * @param emulatorPort the Gemini emulator port
 * @param apiPort the API port
 * @param firstWorkerPort the HTTP (actuator) port of worker 1; worker i uses
 * {@code firstWorkerPort + i - 1}
 * @param help whether only the usage was asked for
 */
public record LocalStackOptions(Path root, Path dataDir, boolean fresh, int workers, boolean geminiEmulator,
		boolean color, int mongoPort, int kafkaPort, int kafkaControllerPort, int emulatorPort, int apiPort,
		int firstWorkerPort, boolean help) {

	/** What {@code --help} prints. */
	public static final String USAGE = """
			Usage: ./run-local [options]

			Starts the whole ocrpipe stack on this machine, without Docker: a MongoDB wire server
			(data kept in <data>/mongo), a real Kafka broker (KRaft, <data>/kafka), optionally the
			Gemini emulator, the API on :8080 and N workers. Ctrl-C stops everything in order.

			Options:
			  --workers N          number of worker processes (default 1; worker i serves :808i)
			  --gemini-emulator    run the local Gemini emulator on :8090 (answers with a local
			                       Tesseract reading) and use the workers' gemini engine with it;
			                       without it the workers use engine "auto" (Tesseract, no key)
			  --fresh              delete the data directory first (all jobs, topics and logs)
			  --data DIR           data directory (default: .local in the repository root)
			  --no-build           skip `mvn -q -DskipTests install` (run-local only)
			  --mongo-port P       MongoDB wire server port (default 27017)
			  --kafka-port P       Kafka client port (default 9092; the controller uses P+1)
			  --api-port P         API port (default 8080)
			  --no-color           plain console prefixes
			  -h, --help           this text

			Logs: <data>/logs/{api,worker-1,kafka,gemini}.log
			""";

	/**
	 * Reads the command line.
	 * @param args the arguments
	 * @param defaultRoot the root when {@code --root} is absent
	 * @return the options
	 * @throws IllegalArgumentException for an unknown option or a bad value
	 */
	public static LocalStackOptions parse(List<String> args, Path defaultRoot) {
		Deque<String> rest = new ArrayDeque<>(args);
		Path root = defaultRoot;
		Path dataDir = null;
		boolean fresh = false;
		int workers = 1;
		boolean emulator = false;
		boolean color = false;
		int mongoPort = 27017;
		int kafkaPort = 9092;
		int apiPort = 8080;
		boolean help = false;
		while (!rest.isEmpty()) {
			String arg = rest.removeFirst();
			switch (arg) {
				case "--root" -> root = Path.of(value(arg, rest));
				case "--data" -> dataDir = Path.of(value(arg, rest));
				case "--fresh" -> fresh = true;
				case "--workers" -> workers = number(arg, value(arg, rest), 1, 9);
				case "--gemini-emulator" -> emulator = true;
				case "--color" -> color = true;
				case "--no-color" -> color = false;
				case "--mongo-port" -> mongoPort = number(arg, value(arg, rest), 1, 65535);
				case "--kafka-port" -> kafkaPort = number(arg, value(arg, rest), 1, 65534);
				case "--api-port" -> apiPort = number(arg, value(arg, rest), 1, 65535);
				case "-h", "--help" -> help = true;
				default -> throw new IllegalArgumentException("Unknown option " + arg + " (see --help)");
			}
		}
		root = root.toAbsolutePath().normalize();
		dataDir = (dataDir != null) ? root.resolve(dataDir).normalize() : root.resolve(".local");
		return new LocalStackOptions(root, dataDir, fresh, workers, emulator, color, mongoPort, kafkaPort,
				kafkaPort + 1, 8090, apiPort, apiPort + 1, help);
	}

	/**
	 * @param index the worker number, from 1
	 * @return that worker's HTTP port
	 */
	public int workerPort(int index) {
		return this.firstWorkerPort + index - 1;
	}

	private static String value(String option, Deque<String> rest) {
		if (rest.isEmpty() || rest.peekFirst().startsWith("--")) {
			throw new IllegalArgumentException(option + " needs a value (see --help)");
		}
		return rest.removeFirst();
	}

	private static int number(String option, String value, int min, int max) {
		try {
			int number = Integer.parseInt(value);
			if (number < min || number > max) {
				throw new IllegalArgumentException(option + " must be between " + min + " and " + max);
			}
			return number;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(option + " needs a number, not " + value);
		}
	}

}
