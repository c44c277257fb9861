package dev.ocrpipe.api.uploads;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What makes two upload requests the same request for an {@code Idempotency-Key}: SHA-256 over
 * each file's sanitised name, size and content SHA-256, in order. Names are length-prefixed so
 * no two different lists of files hash alike by concatenation.
 */
final class Fingerprint {

	private final MessageDigest request = sha256();

	void add(String name, long size, InputStream content) throws IOException {
		MessageDigest file = sha256();
		byte[] buffer = new byte[64 * 1024];
		int n;
		while ((n = content.read(buffer)) != -1) {
			file.update(buffer, 0, n);
		}
		byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
		this.request.update(ByteBuffer.allocate(Integer.BYTES).putInt(nameBytes.length).array());
		this.request.update(nameBytes);
		this.request.update(ByteBuffer.allocate(Long.BYTES).putLong(size).array());
		this.request.update(file.digest());
	}

	String hex() {
		return HexFormat.of().formatHex(this.request.digest());
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM has SHA-256", ex);
		}
	}

}
