package dev.ocrpipe.testkit;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
