package dev.ocrpipe.api.uploads;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Makes a client's file name safe to keep as metadata and to show back: no path, no control or
 * bidi-override characters, bounded length. The name is never used as a storage path.
 */
final class FileNames {

	static final String FALLBACK = "upload";

	static final int MAX_LENGTH = 255;

	private static final int MAX_EXTENSION_LENGTH = 16;

	/** Extensions of well-known types that are none of ours: a file named so disagrees with any accepted content. */
	private static final Set<String> OTHER_KNOWN_EXTENSIONS = Set.of("txt", "text", "md", "csv", "tsv", "json", "xml",
			"html", "htm", "xhtml", "rtf", "doc", "docx", "odt", "xls", "xlsx", "ods", "ppt", "pptx", "odp", "epub",
			"zip", "gz", "tgz", "tar", "7z", "rar", "bz2", "xz", "exe", "dll", "so", "bin", "msi", "sh", "bat", "js",
			"py", "jar", "apk", "gif", "bmp", "webp", "heic", "heif", "avif", "svg", "ico", "jp2", "jxl", "psd", "eps",
			"ps", "djvu", "mp3", "mp4", "mov", "avi", "mkv", "wav", "ogg", "webm");

	private FileNames() {
	}

	static String sanitise(String original) {
		if (original == null) {
			return FALLBACK;
		}
		String name = original;
		int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
		if (slash >= 0) {
			name = name.substring(slash + 1);
		}
		StringBuilder kept = new StringBuilder(name.length());
		name.codePoints().filter((cp) -> !unsafe(cp)).forEach(kept::appendCodePoint);
		name = kept.toString().strip();
		if (name.isEmpty() || name.equals(".") || name.equals("..")) {
			return FALLBACK;
		}
		return cap(name);
	}

	/**
	 * The extension of a (sanitised) name, lower case, without the dot; empty when there is none.
	 */
	static Optional<String> extension(String name) {
		int dot = name.lastIndexOf('.');
		if (dot <= 0 || dot == name.length() - 1) {
			return Optional.empty();
		}
		return Optional.of(name.substring(dot + 1).toLowerCase(Locale.ROOT));
	}

	static boolean isOtherKnownExtension(String extension) {
		return OTHER_KNOWN_EXTENSIONS.contains(extension);
	}

	private static boolean unsafe(int cp) {
		return Character.getType(cp) == Character.CONTROL || (cp >= 0x202A && cp <= 0x202E)
				|| (cp >= 0x2066 && cp <= 0x2069);
	}

	private static String cap(String name) {
		if (name.codePointCount(0, name.length()) <= MAX_LENGTH) {
			return name;
		}
		String extension = "";
		int dot = name.lastIndexOf('.');
		if (dot > 0 && name.length() - dot <= MAX_EXTENSION_LENGTH + 1) {
			extension = name.substring(dot);
		}
		String base = name.substring(0, name.length() - extension.length());
		int keep = MAX_LENGTH - extension.codePointCount(0, extension.length());
		int end = base.offsetByCodePoints(0, Math.min(keep, base.codePointCount(0, base.length())));
		return base.substring(0, end).strip() + extension;
	}

}
