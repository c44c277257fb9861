package dev.ocrpipe.api.uploads;

import java.io.InputStream;
import java.util.Base64;

/**
 * Base64 text checked without decoding it: whether it is valid (standard alphabet, optional
 * padding, line breaks tolerated) and exactly how many bytes it decodes to; decoding is then a
 * stream over the characters, never a second whole copy in memory.
 */
final class Base64Content {

	private final String text;

	private final long decodedSize;

	private final boolean valid;

	private Base64Content(String text, long decodedSize, boolean valid) {
		this.text = text;
		this.decodedSize = decodedSize;
		this.valid = valid;
	}

	static Base64Content of(String text) {
		long data = 0;
		int padding = 0;
		boolean valid = true;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (isWhitespace(c)) {
				continue;
			}
			if (c == '=') {
				padding++;
			}
			else if (isAlphabet(c) && padding == 0) {
				data++;
			}
			else {
				valid = false;
			}
		}
		long remainder = data % 4;
		if (padding > 2 || remainder == 1 || (padding > 0 && (data + padding) % 4 != 0)) {
			valid = false;
		}
		return new Base64Content(text, data * 6 / 8, valid);
	}

	boolean valid() {
		return this.valid;
	}

	long decodedSize() {
		return this.decodedSize;
	}

	InputStream open() {
		return Base64.getDecoder().wrap(new SignificantChars(this.text));
	}

	private static boolean isWhitespace(char c) {
		return c == ' ' || c == '\n' || c == '\r' || c == '\t';
	}

	private static boolean isAlphabet(char c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
	}

	/** The base64 characters of a string as ASCII bytes, whitespace skipped. */
	private static final class SignificantChars extends InputStream {

		private final String text;

		private int position;

		SignificantChars(String text) {
			this.text = text;
		}

		@Override
		public int read() {
			while (this.position < this.text.length()) {
				char c = this.text.charAt(this.position++);
				if (!isWhitespace(c)) {
					return c;
				}
			}
			return -1;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			int n = 0;
			while (n < length) {
				int c = read();
				if (c < 0) {
					break;
				}
				buffer[offset + n++] = (byte) c;
			}
			return (n == 0 && length > 0) ? -1 : n;
		}

	}

}
