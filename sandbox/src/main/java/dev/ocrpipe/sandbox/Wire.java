package dev.ocrpipe.sandbox;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import dev.ocrpipe.common.jobs.DocumentType;
import dev.ocrpipe.common.jobs.ErrorCode;

/**
 * The framing of requests (worker to sandbox, on the child's stdin) and responses (back, on its
 * stdout): each frame starts with a magic number and a kind, then its fields in
 * {@link DataOutputStream} encoding. The worker reads what an untrusted process wrote, so every
 * length is checked against a cap before anything is allocated; a frame that breaks the rules is a
 * {@link ProtocolViolation}, and the worker kills the process that sent it.
 */
public final class Wire {

	/** "OCRS", then the protocol version in the low byte: a child of another build is refused. */
	static final int MAGIC = 0x4F435201;

	private static final byte PLAN = 1;

	private static final byte PAGE = 2;

	private static final byte READY = 10;

	private static final byte PLANNED = 11;

	private static final byte TEXT_PAGE = 12;

	private static final byte RASTER = 13;

	private static final byte REFUSED = 14;

	/** The longest text (UTF-8 bytes) a response may carry: more than any real page holds. */
	public static final int MAX_TEXT_BYTES = 8 << 20;

	private static final int MAX_PATH_BYTES = 4096;

	private Wire() {
	}

	public static void write(Request request, DataOutputStream out) throws IOException {
		out.writeInt(MAGIC);
		switch (request) {
			case Request.Plan plan -> {
				out.writeByte(PLAN);
				writeString(out, plan.file().toString());
				out.writeUTF(plan.declared().name());
				out.writeInt(plan.maxPages());
			}
			case Request.Page page -> {
				out.writeByte(PAGE);
				writeString(out, page.file().toString());
				out.writeUTF(page.type().name());
				out.writeInt(page.page());
				PageLimits limits = page.limits();
				out.writeInt(limits.dpi());
				out.writeInt(limits.minDpi());
				out.writeLong(limits.maxPixels());
				out.writeLong(limits.maxContentBytes());
				out.writeLong(limits.maxImageBytes());
				out.writeInt(limits.textLayerMinChars());
			}
		}
		out.flush();
	}

	/**
	 * @return the next request, or {@code null} when the worker closed the pipe (time to exit)
	 */
	public static Request readRequest(DataInputStream in) throws IOException {
		int magic;
		try {
			magic = in.readInt();
		}
		catch (java.io.EOFException ex) {
			return null;
		}
		expect(magic == MAGIC, "bad request magic");
		byte kind = in.readByte();
		Path file = Path.of(readString(in, MAX_PATH_BYTES));
		DocumentType type = DocumentType.valueOf(in.readUTF());
		int number = in.readInt();
		return switch (kind) {
			case PLAN -> new Request.Plan(file, type, number);
			case PAGE -> new Request.Page(file, type, number, new PageLimits(in.readInt(), in.readInt(), in.readLong(),
					in.readLong(), in.readLong(), in.readInt()));
			default -> throw new ProtocolViolation("unknown request kind " + kind);
		};
	}

	/** Says the process has started (and warmed up): from now on it answers requests promptly. */
	public static void writeReady(DataOutputStream out) throws IOException {
		out.writeInt(MAGIC);
		out.writeByte(READY);
		out.flush();
	}

	/** Waits for the process to say it is ready. */
	public static void readReady(DataInputStream in) throws IOException {
		expect(in.readInt() == MAGIC, "bad ready magic");
		expect(in.readByte() == READY, "not ready");
	}

	public static void write(Response response, DataOutputStream out) throws IOException {
		out.writeInt(MAGIC);
		switch (response) {
			case Response.Planned planned -> {
				out.writeByte(PLANNED);
				out.writeInt(planned.pages());
			}
			case Response.TextPage text -> {
				out.writeByte(TEXT_PAGE);
				writeString(out, text.text());
			}
			case Response.Raster raster -> {
				out.writeByte(RASTER);
				out.writeInt(raster.width());
				out.writeInt(raster.height());
				out.writeInt(raster.dpi());
				out.writeDouble(raster.ink());
				writeString(out, raster.textLayer());
				out.write(raster.pixels(), 0, raster.width() * raster.height());
			}
			case Response.Refused refused -> {
				out.writeByte(REFUSED);
				out.writeUTF(refused.code().name());
				writeString(out, refused.sentence());
			}
		}
		out.flush();
	}

	/**
	 * Reads a response from an untrusted process.
	 * @param maxPixels the most pixels a raster may have (the request's cap)
	 * @throws ProtocolViolation when the frame breaks the rules
	 */
	public static Response readResponse(DataInputStream in, long maxPixels) throws IOException {
		expect(in.readInt() == MAGIC, "bad response magic");
		byte kind = in.readByte();
		return switch (kind) {
			case PLANNED -> {
				int pages = in.readInt();
				expect(pages >= 0, "negative page count");
				yield new Response.Planned(pages);
			}
			case TEXT_PAGE -> new Response.TextPage(readString(in, MAX_TEXT_BYTES));
			case RASTER -> {
				int width = in.readInt();
				int height = in.readInt();
				int dpi = in.readInt();
				double ink = in.readDouble();
				expect(width > 0 && height > 0 && (long) width * height <= maxPixels, "raster over the pixel cap");
				expect(dpi > 0 && ink >= 0 && ink <= 1, "raster with a bad dpi or ink");
				String textLayer = readString(in, MAX_TEXT_BYTES);
				byte[] pixels = new byte[width * height];
				in.readFully(pixels);
				yield new Response.Raster(width, height, dpi, ink, textLayer, pixels);
			}
			case REFUSED -> {
				ErrorCode code;
				try {
					code = ErrorCode.valueOf(in.readUTF());
				}
				catch (IllegalArgumentException ex) {
					throw new ProtocolViolation("unknown error code");
				}
				yield new Response.Refused(code, readString(in, 4096));
			}
			default -> throw new ProtocolViolation("unknown response kind " + kind);
		};
	}

	private static void writeString(DataOutputStream out, String value) throws IOException {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		out.writeInt(bytes.length);
		out.write(bytes);
	}

	private static String readString(DataInputStream in, int max) throws IOException {
		int length = in.readInt();
		expect(length >= 0 && length <= max, "string of " + length + " bytes");
		byte[] bytes = new byte[length];
		in.readFully(bytes);
		return new String(bytes, StandardCharsets.UTF_8);
	}

	private static void expect(boolean condition, String what) throws ProtocolViolation {
		if (!condition) {
			throw new ProtocolViolation(what);
		}
	}

	/** A frame that breaks the protocol: the process that sent it cannot be trusted any more. */
	public static final class ProtocolViolation extends IOException {

		ProtocolViolation(String message) {
			super(message);
		}

	}

}
