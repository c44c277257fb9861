package dev.ocrpipe.common.jobs;

import java.util.Optional;

/**
 * The document types ocrpipe accepts, recognised by their magic bytes, never by a declared type
 * or a file name.
 */
public enum DocumentType {

	PDF("application/pdf", "pdf"), PNG("image/png", "png"), JPEG("image/jpeg", "jpg", "jpeg"),
	TIFF("image/tiff", "tif", "tiff");

	/** How many leading bytes {@link #sniff(byte[])} needs at most. */
	public static final int SNIFF_LENGTH = 1024;

	private static final byte[] PNG_MAGIC = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };

	private final String mediaType;

	private final String[] extensions;

	DocumentType(String mediaType, String... extensions) {
		this.mediaType = mediaType;
		this.extensions = extensions;
	}

	public String mediaType() {
		return this.mediaType;
	}

	/**
	 * Whether a file name extension (without the dot, any case) belongs to this type.
	 */
	public boolean hasExtension(String extension) {
		for (String candidate : this.extensions) {
			if (candidate.equalsIgnoreCase(extension)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The type whose media type this is ({@code image/jpg} and {@code image/tif} included).
	 */
	public static Optional<DocumentType> fromMediaType(String mediaType) {
		if (mediaType == null) {
			return Optional.empty();
		}
		String base = mediaType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
		return switch (base) {
			case "application/pdf", "application/x-pdf" -> Optional.of(PDF);
			case "image/png" -> Optional.of(PNG);
			case "image/jpeg", "image/jpg", "image/pjpeg" -> Optional.of(JPEG);
			case "image/tiff", "image/tif" -> Optional.of(TIFF);
			default -> Optional.empty();
		};
	}

	/**
	 * Decides the type from the first bytes of a file. A PDF may start with up to 1024 bytes of
	 * junk before {@code %PDF-} (readers tolerate that, so must we), but a file that starts like
	 * a PNG, JPEG or TIFF is that image whatever follows: an image/PDF polyglot is judged by its
	 * first bytes.
	 * @param head the first bytes of the file (up to {@link #SNIFF_LENGTH})
	 * @return the type, or empty when the bytes are none of ours
	 */
	public static Optional<DocumentType> sniff(byte[] head) {
		if (startsWith(head, PNG_MAGIC)) {
			return Optional.of(PNG);
		}
		if (head.length >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
			return Optional.of(JPEG);
		}
		if (head.length >= 4 && ((head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0)
				|| (head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42))) {
			return Optional.of(TIFF);
		}
		if (indexOf(head, "%PDF-".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
				Math.min(head.length, SNIFF_LENGTH)) >= 0) {
			return Optional.of(PDF);
		}
		return Optional.empty();
	}

	private static boolean startsWith(byte[] data, byte[] prefix) {
		if (data.length < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (data[i] != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	private static int indexOf(byte[] data, byte[] needle, int limit) {
		outer: for (int i = 0; i + needle.length <= limit; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (data[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
