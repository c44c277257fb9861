package dev.ocrpipe.testkit;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;


/**
 * Hostile documents made in code (no downloaded corpus): the malformed, lying and explosive files
 * an OCR service receives sooner or later. Each method's name says what it is.
 */
public final class HostileDocuments {

	private static final String PAGE_TEXT = "BT /F1 24 Tf 72 700 Td (Hostile input test page with enough text) Tj ET";

	private HostileDocuments() {
	}

	/** The first 60% of a valid text PDF. */
	public static byte[] truncatedPdf() {
		byte[] pdf = SampleDocuments.textPdf("A document that will be cut off", "Second page");
		return Arrays.copyOf(pdf, pdf.length * 6 / 10);
	}

	public static byte[] headerOnlyPdf() {
		return "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
	}

	/** One real page in a page tree whose {@code /Count} claims 2^31 - 1. */
	public static byte[] lyingPageCount() {
		return textPage("2147483647", "");
	}

	/** One text page, with the given page-tree count and extra trailer entries. */
	private static byte[] textPage(String count, String trailerExtra) {
		RawPdf pdf = new RawPdf();
		int font = pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
		int content = pdf.stream("", PAGE_TEXT.getBytes(StandardCharsets.US_ASCII));
		int pages = pdf.reserve();
		int page = pdf.add("<< /Type /Page /Parent " + pages + " 0 R /MediaBox [0 0 612 792] /Contents " + content
				+ " 0 R /Resources << /Font << /F1 " + font + " 0 R >> >> >>");
		pdf.set(pages, "<< /Type /Pages /Kids [" + page + " 0 R] /Count " + count + " >>");
		return pdf.write(pdf.add("<< /Type /Catalog /Pages " + pages + " 0 R >>"), trailerExtra);
	}

	/** A flat page tree of {@code count} (empty) pages. */
	public static byte[] manyPages(int count) {
		RawPdf pdf = new RawPdf();
		int pages = pdf.reserve();
		StringBuilder kids = new StringBuilder();
		for (int i = 0; i < count; i++) {
			kids.append(pdf.add("<< /Type /Page /Parent " + pages + " 0 R /MediaBox [0 0 612 792] >>")).append(" 0 R ");
		}
		pdf.set(pages, "<< /Type /Pages /Kids [" + kids + "] /Count " + count + " >>");
		return pdf.write(pdf.add("<< /Type /Catalog /Pages " + pages + " 0 R >>"), "");
	}

	/** A page tree node that is its own kid. */
	public static byte[] cyclicPageTree() {
		RawPdf pdf = new RawPdf();
		int pages = pdf.reserve();
		int inner = pdf.reserve();
		int page = pdf.add("<< /Type /Page /Parent " + inner + " 0 R /MediaBox [0 0 612 792] >>");
		pdf.set(inner, "<< /Type /Pages /Parent " + pages + " 0 R /Kids [" + page + " 0 R " + pages + " 0 R] /Count 2 >>");
		pdf.set(pages, "<< /Type /Pages /Kids [" + inner + " 0 R] /Count 2 >>");
		return pdf.write(pdf.add("<< /Type /Catalog /Pages " + pages + " 0 R >>"), "");
	}

	/** A page tree {@code depth} levels deep with one page at the bottom. */
	public static byte[] deepPageTree(int depth) {
		RawPdf pdf = new RawPdf();
		int root = pdf.reserve();
		int parent = root;
		int[] nodes = new int[depth];
		for (int i = 0; i < depth; i++) {
			nodes[i] = pdf.reserve();
		}
		int page = pdf.add("<< /Type /Page /Parent " + nodes[depth - 1] + " 0 R /MediaBox [0 0 612 792] >>");
		pdf.set(root, "<< /Type /Pages /Kids [" + nodes[0] + " 0 R] /Count 1 >>");
		for (int i = 0; i < depth; i++) {
			String kid = (i + 1 < depth) ? nodes[i + 1] + " 0 R" : page + " 0 R";
			pdf.set(nodes[i], "<< /Type /Pages /Parent " + parent + " 0 R /Kids [" + kid + "] /Count 1 >>");
			parent = nodes[i];
		}
		return pdf.write(pdf.add("<< /Type /Catalog /Pages " + root + " 0 R >>"), "");
	}

	/** A page whose dictionary holds {@code depth} nested arrays. */
	public static byte[] nestedArrays(int depth) {
		RawPdf pdf = new RawPdf();
		int pages = pdf.reserve();
		String nested = "[".repeat(depth) + "]".repeat(depth);
		int page = pdf.add("<< /Type /Page /Parent " + pages + " 0 R /MediaBox [0 0 612 792] /Junk " + nested + " >>");
		pdf.set(pages, "<< /Type /Pages /Kids [" + page + " 0 R] /Count 1 >>");
		return pdf.write(pdf.add("<< /Type /Catalog /Pages " + pages + " 0 R >>"), "");
	}

	/** A page whose Flate-compressed content stream inflates to {@code inflated} bytes (of spaces). */
	public static byte[] inflateBomb(long inflated) {
		ByteArrayOutputStream compressed = new ByteArrayOutputStream();
		byte[] block = new byte[1 << 20];
		Arrays.fill(block, (byte) ' ');
		try (DeflaterOutputStream out = new DeflaterOutputStream(compressed, new Deflater(Deflater.BEST_COMPRESSION))) {
			for (long written = 0; written < inflated; written += block.length) {
				out.write(block);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		RawPdf pdf = new RawPdf();
		int content = pdf.stream("/Filter /FlateDecode", compressed.toByteArray());
		int pages = pdf.reserve();
		int page = pdf.add("<< /Type /Page /Parent " + pages + " 0 R /MediaBox [0 0 612 792] /Contents " + content
				+ " 0 R >>");
		pdf.set(pages, "<< /Type /Pages /Kids [" + page + " 0 R] /Count 1 >>");
		return pdf.write(pdf.add("<< /Type /Catalog /Pages " + pages + " 0 R >>"), "");
	}

	/** A page drawing an image XObject that declares {@code width × height} pixels (with almost no data). */
	public static byte[] hugeImageXObject(int width, int height) {
		RawPdf pdf = new RawPdf();
		int image = pdf.stream("/Type /XObject /Subtype /Image /Width " + width + " /Height " + height
				+ " /ColorSpace /DeviceGray /BitsPerComponent 8", new byte[64]);
		int content = pdf.stream("", "q 612 0 0 792 0 0 cm /Im1 Do Q".getBytes(StandardCharsets.US_ASCII));
		int pages = pdf.reserve();
		int page = pdf.add("<< /Type /Page /Parent " + pages + " 0 R /MediaBox [0 0 612 792] /Contents " + content
				+ " 0 R /Resources << /XObject << /Im1 " + image + " 0 R >> >> >>");
		pdf.set(pages, "<< /Type /Pages /Kids [" + page + " 0 R] /Count 1 >>");
		return pdf.write(pdf.add("<< /Type /Catalog /Pages " + pages + " 0 R >>"), "");
	}

	/** One page with the given MediaBox size in points and /UserUnit. */
	public static byte[] pageOfSize(int widthPt, int heightPt, double userUnit) {
		RawPdf pdf = new RawPdf();
		int content = pdf.stream("", "0 0 m 100 100 l S".getBytes(StandardCharsets.US_ASCII));
		int pages = pdf.reserve();
		int page = pdf.add("<< /Type /Page /Parent " + pages + " 0 R /MediaBox [0 0 " + widthPt + " " + heightPt
				+ "] /UserUnit " + userUnit + " /Contents " + content + " 0 R >>");
		pdf.set(pages, "<< /Type /Pages /Kids [" + page + " 0 R] /Count 1 >>");
		return pdf.write(pdf.add("<< /Type /Catalog /Pages " + pages + " 0 R >>"), "");
	}

	/**
	 * One page of {@code segments} stroked line segments (a few bytes each, so it stays under any
	 * content-size cap): cheap to store, slow to render.
	 */
	public static byte[] slowVectorPage(int segments) {
		StringBuilder content = new StringBuilder(segments * 24);
		java.util.Random random = new java.util.Random(7);
		for (int i = 0; i < segments; i++) {
			content.append(random.nextInt(612)).append(' ').append(random.nextInt(792)).append(" m ")
				.append(random.nextInt(612)).append(' ').append(random.nextInt(792)).append(" l S\n");
		}
		RawPdf pdf = new RawPdf();
		int stream = pdf.stream("", content.toString().getBytes(StandardCharsets.US_ASCII));
		int pages = pdf.reserve();
		int page = pdf.add("<< /Type /Page /Parent " + pages + " 0 R /MediaBox [0 0 612 792] /Contents " + stream
				+ " 0 R >>");
		pdf.set(pages, "<< /Type /Pages /Kids [" + page + " 0 R] /Count 1 >>");
		return pdf.write(pdf.add("<< /Type /Catalog /Pages " + pages + " 0 R >>"), "");
	}

	/** A valid one-page PDF whose trailer's {@code /Prev} points back at its own cross-reference table. */
	public static byte[] xrefPrevLoop() {
		return textPage("1", "/Prev {xref}");
	}

	/** A small PNG whose header claims {@code width × height}. */
	public static byte[] pngDeclaring(int width, int height) {
		byte[] png = SampleDocuments.encode(new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY), "png");
		// IHDR data starts at 16: width, height (big endian); its CRC covers type + data (13 bytes)
		ByteBuffer buffer = ByteBuffer.wrap(png);
		buffer.putInt(16, width).putInt(20, height);
		CRC32 crc = new CRC32();
		crc.update(png, 12, 17);
		buffer.putInt(29, (int) crc.getValue());
		return png;
	}

	/** A small JPEG whose frame header claims {@code width × height}. */
	public static byte[] jpegDeclaring(int width, int height) {
		byte[] jpeg = SampleDocuments.encode(new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY), "jpg");
		for (int i = 2; i + 9 < jpeg.length; i++) {
			if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
				ByteBuffer.wrap(jpeg).putShort(i + 5, (short) height).putShort(i + 7, (short) width);
				return jpeg;
			}
		}
		throw new IllegalStateException("no SOF0 marker");
	}

	/** A small TIFF whose first image claims {@code width × height}. */
	public static byte[] tiffDeclaring(int width, int height) {
		byte[] tiff = SampleDocuments.tiff("X");
		patchTiff(tiff, (buffer, ifd, entries) -> {
			for (int e = 0; e < entries; e++) {
				int entry = ifd + 2 + e * 12;
				int tag = buffer.getShort(entry) & 0xFFFF;
				int type = buffer.getShort(entry + 2) & 0xFFFF;
				if (tag == 256 || tag == 257) {
					int value = (tag == 256) ? width : height;
					if (type == 3) {
						buffer.putShort(entry + 8, (short) value);
					}
					else {
						buffer.putInt(entry + 8, value);
					}
				}
			}
		});
		return tiff;
	}

	/** A TIFF whose first image directory names itself as the next one. */
	public static byte[] tiffWithIfdLoop() {
		byte[] tiff = SampleDocuments.tiff("LOOP");
		patchTiff(tiff, (buffer, ifd, entries) -> buffer.putInt(ifd + 2 + entries * 12, ifd));
		return tiff;
	}

	/** A real PNG of text with a PDF appended after it. */
	public static byte[] pngPdfPolyglot() {
		byte[] png = SampleDocuments.png("POLYGLOT PNG TEXT");
		byte[] pdf = SampleDocuments.textPdf("This PDF hides after a PNG");
		byte[] both = Arrays.copyOf(png, png.length + pdf.length);
		System.arraycopy(pdf, 0, both, png.length, pdf.length);
		return both;
	}

	// decode bombs: each file stays under about 2 MB, each decodes to a gigabyte or more through a
	// different path of PDFBox or ImageIO

	/** One gibibyte: what every PDF bomb below inflates to. */
	public static final long GIB = 1L << 30;

	/**
	 * {@code pages} pages that each draw one Form XObject whose content stream, compressed twice
	 * ({@code [/FlateDecode /FlateDecode]}), inflates to {@code inflated} bytes.
	 */
	public static byte[] formXObjectBomb(int pages, long inflated) {
		RawPdf pdf = new RawPdf();
		int form = pdf.stream("/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Filter [/FlateDecode /FlateDecode]",
				deflate(deflated(inflated, (byte) ' ', new byte[0])));
		int root = pdf.reserve();
		StringBuilder kids = new StringBuilder();
		for (int i = 0; i < pages; i++) {
			int content = pdf.stream("", "q /Fm1 Do Q".getBytes(StandardCharsets.US_ASCII));
			kids.append(pdf.add("<< /Type /Page /Parent " + root + " 0 R /MediaBox [0 0 612 792] /Contents " + content
					+ " 0 R /Resources << /XObject << /Fm1 " + form + " 0 R >> >> >>"))
				.append(" 0 R ");
		}
		pdf.set(root, "<< /Type /Pages /Kids [" + kids + "] /Count " + pages + " >>");
		return pdf.write(pdf.add("<< /Type /Catalog /Pages " + root + " 0 R >>"), "");
	}

	/**
	 * A page of text in an embedded font whose font program (TrueType {@code /FontFile2}, or CFF
	 * {@code /FontFile3} when {@code cff}) inflates to {@code inflated} bytes.
	 */
	public static byte[] fontStreamBomb(boolean cff, long inflated) {
		RawPdf pdf = new RawPdf();
		int program = pdf.stream((cff ? "/Subtype /Type1C " : "") + "/Filter [/FlateDecode /FlateDecode]",
				deflate(deflated(inflated, (byte) 0, new byte[0])));
		int descriptor = pdf.add("<< /Type /FontDescriptor /FontName /Bomb /Flags 32 /FontBBox [0 0 1000 1000]"
				+ " /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 " + (cff ? "/FontFile3 " : "/FontFile2 ")
				+ program + " 0 R >>");
		int font = pdf.add("<< /Type /Font /Subtype " + (cff ? "/Type1" : "/TrueType")
				+ " /BaseFont /Bomb /FirstChar 32 /LastChar 126 /FontDescriptor " + descriptor + " 0 R >>");
		return onePage(pdf, PAGE_TEXT, "/Font << /F1 " + font + " 0 R >>");
	}

	/**
	 * A page drawing an image that declares {@code width × height} gray pixels, whose stream
	 * (compressed twice) inflates to {@code inflated} bytes, far more than declared.
	 */
	public static byte[] imageStreamBomb(int width, int height, long inflated) {
		RawPdf pdf = new RawPdf();
		int image = pdf.stream("/Type /XObject /Subtype /Image /Width " + width + " /Height " + height
				+ " /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter [/FlateDecode /FlateDecode]",
				deflate(deflated(inflated, (byte) 0x80, new byte[0])));
		return onePage(pdf, "q 612 0 0 792 0 0 cm /Im1 Do Q", "/XObject << /Im1 " + image + " 0 R >>");
	}

	/** A page whose content stream is compressed twice ({@code [/FlateDecode /FlateDecode]}). */
	public static byte[] chainedFilterBomb(long inflated) {
		RawPdf pdf = new RawPdf();
		int content = pdf.stream("/Filter [/FlateDecode /FlateDecode]",
				deflate(deflated(inflated, (byte) ' ', new byte[0])));
		return onePage(pdf, content);
	}

	/**
	 * A page whose content stream is Flate with a PNG predictor ({@code /DecodeParms}), rows of
	 * zeros that inflate to {@code inflated} bytes.
	 */
	public static byte[] predictorBomb(long inflated) {
		RawPdf pdf = new RawPdf();
		int content = pdf.stream("/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 1000 >>",
				deflated(inflated, (byte) 0, new byte[0]));
		return onePage(pdf, content);
	}

	/**
	 * A valid one-page PDF whose cross-reference stream (compressed twice) inflates to
	 * {@code inflated} bytes: its real entries, then zeros.
	 */
	public static byte[] xrefStreamBomb(long inflated) {
		RawPdf pdf = new RawPdf();
		int font = pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
		int content = pdf.stream("", PAGE_TEXT.getBytes(StandardCharsets.US_ASCII));
		int pages = pdf.reserve();
		int page = pdf.add("<< /Type /Page /Parent " + pages + " 0 R /MediaBox [0 0 612 792] /Contents " + content
				+ " 0 R /Resources << /Font << /F1 " + font + " 0 R >> >> >>");
		pdf.set(pages, "<< /Type /Pages /Kids [" + page + " 0 R] /Count 1 >>");
		int root = pdf.add("<< /Type /Catalog /Pages " + pages + " 0 R >>");
		return pdf.writeWithXrefStream(root, java.util.Map.of(), "/Filter [/FlateDecode /FlateDecode]",
				(entries) -> deflate(deflated(inflated, (byte) 0, entries)));
	}

	/**
	 * A one-page PDF whose page's resources live in an object stream ({@code /ObjStm}, compressed
	 * twice) that inflates to {@code inflated} bytes.
	 */
	public static byte[] objectStreamBomb(long inflated) {
		RawPdf pdf = new RawPdf();
		int font = pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
		int content = pdf.stream("", PAGE_TEXT.getBytes(StandardCharsets.US_ASCII));
		int resources = pdf.reserve();
		String header = resources + " 0 ";
		byte[] objects = (header + "<< /Font << /F1 " + font + " 0 R >> >> ").getBytes(StandardCharsets.US_ASCII);
		int objectStream = pdf.stream("/Type /ObjStm /N 1 /First " + header.length()
				+ " /Filter [/FlateDecode /FlateDecode]", deflate(deflated(inflated, (byte) ' ', objects)));
		int pages = pdf.reserve();
		int page = pdf.add("<< /Type /Page /Parent " + pages + " 0 R /MediaBox [0 0 612 792] /Contents " + content
				+ " 0 R /Resources " + resources + " 0 R >>");
		pdf.set(pages, "<< /Type /Pages /Kids [" + page + " 0 R] /Count 1 >>");
		int root = pdf.add("<< /Type /Catalog /Pages " + pages + " 0 R >>");
		return pdf.writeWithXrefStream(root, java.util.Map.of(resources, new int[] { objectStream, 0 }),
				"/Filter /FlateDecode", HostileDocuments::deflate);
	}

	/**
	 * A real {@code width × height} PNG of 16-bit RGBA (8 bytes per pixel: 40 megapixels decode to
	 * 320 MB), all transparent, that compresses to a few hundred kilobytes.
	 */
	public static byte[] png16BitRgba(int width, int height) {
		ByteArrayOutputStream png = new ByteArrayOutputStream();
		png.writeBytes(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' });
		ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 16).put((byte) 6);
		chunk(png, "IHDR", header.put((byte) 0).put((byte) 0).put((byte) 0).array());
		// each row: filter byte 0 and width × 8 zero bytes
		chunk(png, "IDAT", deflated((long) height * (1 + width * 8L), (byte) 0, new byte[0]));
		chunk(png, "IEND", new byte[0]);
		return png.toByteArray();
	}

	/**
	 * A real {@code width × height} TIFF of 16-bit RGB (6 bytes per pixel), Deflate-compressed, in
	 * one strip.
	 */
	public static byte[] tiff16Bit(int width, int height) {
		byte[] strip = deflate(new byte[0], (long) width * height * 6, (byte) 0);
		int entries = 10;
		int ifd = 8;
		int bitsAt = ifd + 2 + entries * 12 + 4;
		int stripAt = bitsAt + 6;
		ByteBuffer tiff = ByteBuffer.allocate(stripAt + strip.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
		tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifd);
		tiff.putShort((short) entries);
		tiffEntry(tiff, 256, 4, 1, width);
		tiffEntry(tiff, 257, 4, 1, height);
		tiffEntry(tiff, 258, 3, 3, bitsAt);
		tiffEntry(tiff, 259, 3, 1, 8);
		tiffEntry(tiff, 262, 3, 1, 2);
		tiffEntry(tiff, 273, 4, 1, stripAt);
		tiffEntry(tiff, 277, 3, 1, 3);
		tiffEntry(tiff, 278, 4, 1, height);
		tiffEntry(tiff, 279, 4, 1, strip.length);
		tiffEntry(tiff, 284, 3, 1, 1);
		tiff.putInt(0);
		tiff.putShort((short) 16).putShort((short) 16).putShort((short) 16);
		tiff.put(strip);
		return tiff.array();
	}

	private static void tiffEntry(ByteBuffer tiff, int tag, int type, int count, int value) {
		tiff.putShort((short) tag).putShort((short) type).putInt(count);
		if (type == 3 && count == 1) {
			tiff.putShort((short) value).putShort((short) 0);
		}
		else {
			tiff.putInt(value);
		}
	}

	private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
		byte[] name = type.getBytes(StandardCharsets.US_ASCII);
		png.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
		png.writeBytes(name);
		png.writeBytes(data);
		CRC32 crc = new CRC32();
		crc.update(name);
		crc.update(data);
		png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
	}

	/** One page with the given content (an object number) and no resources. */
	private static byte[] onePage(RawPdf pdf, int content) {
		int pages = pdf.reserve();
		int page = pdf.add("<< /Type /Page /Parent " + pages + " 0 R /MediaBox [0 0 612 792] /Contents " + content
				+ " 0 R >>");
		pdf.set(pages, "<< /Type /Pages /Kids [" + page + " 0 R] /Count 1 >>");
		return pdf.write(pdf.add("<< /Type /Catalog /Pages " + pages + " 0 R >>"), "");
	}

	/** One page with the given (uncompressed) content and resources. */
	private static byte[] onePage(RawPdf pdf, String content, String resources) {
		int stream = pdf.stream("", content.getBytes(StandardCharsets.US_ASCII));
		int pages = pdf.reserve();
		int page = pdf.add("<< /Type /Page /Parent " + pages + " 0 R /MediaBox [0 0 612 792] /Contents " + stream
				+ " 0 R /Resources << " + resources + " >> >>");
		pdf.set(pages, "<< /Type /Pages /Kids [" + page + " 0 R] /Count 1 >>");
		return pdf.write(pdf.add("<< /Type /Catalog /Pages " + pages + " 0 R >>"), "");
	}

	/** {@code prefix}, then {@code fill} up to {@code total} bytes, Flate-compressed (zlib). */
	private static byte[] deflated(long total, byte fill, byte[] prefix) {
		return deflate(prefix, total - prefix.length, fill);
	}

	/**
	 * zlib data of {@code prefix} then {@code fillBytes} bytes of {@code fill}, made in a fraction of
	 * the time compressing a gigabyte takes: one megabyte is compressed once after a full flush
	 * (which resets the compressor, so every identical megabyte compresses to the same bytes) and its
	 * output repeated; the checksum is computed over the real data.
	 */
	private static byte[] deflate(byte[] prefix, long fillBytes, byte fill) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(0x78);
		out.write(0xDA);
		Adler32 checksum = new Adler32();
		Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
		try {
			out.writeBytes(flushed(deflater, prefix, Deflater.FULL_FLUSH));
			checksum.update(prefix);
			byte[] block = new byte[1 << 20];
			Arrays.fill(block, fill);
			long blocks = fillBytes / block.length;
			if (blocks > 0) {
				byte[] compressed = flushed(deflater, block, Deflater.FULL_FLUSH);
				for (long i = 0; i < blocks; i++) {
					out.writeBytes(compressed);
					checksum.update(block);
				}
			}
			byte[] rest = Arrays.copyOf(block, (int) (fillBytes % block.length));
			checksum.update(rest);
			deflater.setInput(rest);
			deflater.finish();
			byte[] buffer = new byte[64 * 1024];
			while (!deflater.finished()) {
				out.write(buffer, 0, deflater.deflate(buffer));
			}
		}
		finally {
			deflater.end();
		}
		out.writeBytes(ByteBuffer.allocate(4).putInt((int) checksum.getValue()).array());
		return out.toByteArray();
	}

	private static byte[] flushed(Deflater deflater, byte[] input, int flush) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		deflater.setInput(input);
		byte[] buffer = new byte[64 * 1024];
		int n;
		do {
			n = deflater.deflate(buffer, 0, buffer.length, flush);
			out.write(buffer, 0, n);
		}
		while (n == buffer.length || !deflater.needsInput());
		return out.toByteArray();
	}

	/** Flate-compresses bytes (zlib). */
	private static byte[] deflate(byte[] data) {
		return deflate(data, 0, (byte) 0);
	}

	private interface IfdPatch {

		void apply(ByteBuffer buffer, int ifd, int entries);

	}

	private static void patchTiff(byte[] tiff, IfdPatch patch) {
		ByteBuffer buffer = ByteBuffer.wrap(tiff);
		buffer.order((tiff[0] == 'I') ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
		int ifd = buffer.getInt(4);
		int entries = buffer.getShort(ifd) & 0xFFFF;
		patch.apply(buffer, ifd, entries);
	}

}
