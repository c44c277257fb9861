package dev.ocrpipe.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes PDFs object by object, with a correct cross-reference table, so tests can build files
 * that no PDF library would write: lying page counts, cycles, absurd nesting.
 */
final class RawPdf {

	private final List<byte[]> objects = new ArrayList<>();

	/** Adds an object; returns its number (from 1). */
	int add(String body) {
		return add(body.getBytes(StandardCharsets.ISO_8859_1));
	}

	int add(byte[] body) {
		this.objects.add(body);
		return this.objects.size();
	}

	/** Reserves an object number to fill in later with {@link #set}. */
	int reserve() {
		return add(new byte[0]);
	}

	void set(int number, String body) {
		this.objects.set(number - 1, body.getBytes(StandardCharsets.ISO_8859_1));
	}

	/** A stream object with the given dictionary entries (no /Length) and data. */
	int stream(String dictionary, byte[] data) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(("<< " + dictionary + " /Length " + data.length + " >>\nstream\n")
			.getBytes(StandardCharsets.ISO_8859_1));
		out.writeBytes(data);
		out.writeBytes("\nendstream".getBytes(StandardCharsets.ISO_8859_1));
		return add(out.toByteArray());
	}

	/**
	 * The file, with the given root (catalog) object and extra trailer entries.
	 */
	byte[] write(int root, String trailerExtra) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n".getBytes(StandardCharsets.ISO_8859_1));
		long[] offsets = new long[this.objects.size()];
		for (int i = 0; i < this.objects.size(); i++) {
			offsets[i] = out.size();
			out.writeBytes(((i + 1) + " 0 obj\n").getBytes(StandardCharsets.ISO_8859_1));
			out.writeBytes(this.objects.get(i));
			out.writeBytes("\nendobj\n".getBytes(StandardCharsets.ISO_8859_1));
		}
		long xref = out.size();
		StringBuilder table = new StringBuilder("xref\n0 " + (this.objects.size() + 1) + "\n0000000000 65535 f \n");
		for (long offset : offsets) {
			table.append(String.format("%010d 00000 n \n", offset));
		}
		table.append("trailer\n<< /Size ")
			.append(this.objects.size() + 1)
			.append(" /Root ")
			.append(root)
			.append(" 0 R ")
			.append(trailerExtra.replace("{xref}", Long.toString(xref)))
			.append(" >>\nstartxref\n")
			.append(xref)
			.append("\n%%EOF\n");
		out.writeBytes(table.toString().getBytes(StandardCharsets.ISO_8859_1));
		return out.toByteArray();
	}


	/**
	 * The file with a cross-reference stream instead of a table (PDF 1.5).
	 * @param compressed object numbers kept in an object stream, each to {stream number, index};
	 * those objects are not written in the body
	 * @param filter the xref stream's filter entries, e.g. {@code /Filter /FlateDecode}
	 * @param encode turns the raw entries (W [1 4 2]) into the stream's data
	 */
	byte[] writeWithXrefStream(int root, java.util.Map<Integer, int[]> compressed, String filter,
			java.util.function.UnaryOperator<byte[]> encode) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n".getBytes(StandardCharsets.ISO_8859_1));
		int size = this.objects.size() + 2;
		java.nio.ByteBuffer entries = java.nio.ByteBuffer.allocate(size * 7);
		entries.put((byte) 0).putInt(0).putShort((short) -1);
		for (int i = 0; i < this.objects.size(); i++) {
			int[] where = compressed.get(i + 1);
			if (where != null) {
				entries.put((byte) 2).putInt(where[0]).putShort((short) where[1]);
				continue;
			}
			entries.put((byte) 1).putInt(out.size()).putShort((short) 0);
			out.writeBytes(((i + 1) + " 0 obj\n").getBytes(StandardCharsets.ISO_8859_1));
			out.writeBytes(this.objects.get(i));
			out.writeBytes("\nendobj\n".getBytes(StandardCharsets.ISO_8859_1));
		}
		int xref = out.size();
		entries.put((byte) 1).putInt(xref).putShort((short) 0);
		byte[] data = encode.apply(entries.array());
		out.writeBytes(((size - 1) + " 0 obj\n<< /Type /XRef /Size " + size + " /W [1 4 2] /Root " + root + " 0 R "
				+ filter + " /Length " + data.length + " >>\nstream\n")
			.getBytes(StandardCharsets.ISO_8859_1));
		out.writeBytes(data);
		out.writeBytes(("\nendstream\nendobj\nstartxref\n" + xref + "\n%%EOF\n").getBytes(StandardCharsets.ISO_8859_1));
		return out.toByteArray();
	}

}
