package dev.ocrpipe.local;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * The local stack's secrets, generated on first start and kept in the data directory (owner-only
 * file permissions) so that sessions and API tokens survive a restart: the test-login secret, the
 * token hashing secret, and the API token the launcher minted for the local user.
 *
 * @param testSecret the API's test-login secret
 * @param tokenSecret the secret the API hashes tokens with
 */
public record LocalSecrets(String testSecret, String tokenSecret) {

	static final String FILE = "api-secrets.properties";

	static final String TOKEN_FILE = "token";

	/** Reads the secrets of a data directory, creating them on first use. */
	public static LocalSecrets load(Path dataDir) {
		Path file = dataDir.resolve(FILE);
		try {
			if (Files.isRegularFile(file)) {
				Properties properties = new Properties();
				try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
					properties.load(reader);
				}
				String test = properties.getProperty("test-secret");
				String token = properties.getProperty("token-secret");
				if (test != null && !test.isBlank() && token != null && !token.isBlank()) {
					return new LocalSecrets(test, token);
				}
			}
			LocalSecrets secrets = new LocalSecrets(ApiLogin.newSecret(), ApiLogin.newSecret());
			Properties properties = new Properties();
			properties.setProperty("test-secret", secrets.testSecret());
			properties.setProperty("token-secret", secrets.tokenSecret());
			writePrivate(file, (writer) -> properties.store(writer, "ocrpipe local stack secrets (generated)"));
			return secrets;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or create " + file, ex);
		}
	}

	/** The API token kept from an earlier start, if any. */
	public static String storedToken(Path dataDir) {
		Path file = dataDir.resolve(TOKEN_FILE);
		try {
			return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + file, ex);
		}
	}

	/** Keeps the local user's API token for the next start and for the shell ({@code $(cat .local/token)}). */
	public static Path storeToken(Path dataDir, String token) {
		Path file = dataDir.resolve(TOKEN_FILE);
		try {
			writePrivate(file, (writer) -> writer.write(token + System.lineSeparator()));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + file, ex);
		}
	}

	@Override
	public String toString() {
		return "LocalSecrets[testSecret=******, tokenSecret=******]";
	}

	private static void writePrivate(Path file, WriteAction action) throws IOException {
		Files.createDirectories(file.getParent());
		Path temp = Files.createTempFile(file.getParent(), ".secret", ".tmp");
		if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
			Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
		}
		try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
			action.write(writer);
		}
		Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
				java.nio.file.StandardCopyOption.ATOMIC_MOVE);
	}

	@FunctionalInterface
	private interface WriteAction {

		void write(Writer writer) throws IOException;

	}

}
