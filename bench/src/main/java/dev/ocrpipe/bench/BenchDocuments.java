package dev.ocrpipe.bench;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.CCITTFactory;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

import dev.ocrpipe.testkit.SampleDocuments;

/**
 * The documents the benchmarks feed the pipeline and the renderers, made in code like the tests'
 * samples: tiny scanned pages (so rendering is not what is measured), and a mixed corpus of text,
 * scanned and vector pages at A4.
 */
final class BenchDocuments {

	/** The page of a tiny scan: 2 × 1 inch, 400 × 200 px at the OCR DPI. */
	static final PDRectangle TINY = new PDRectangle(144, 72);

	private static final String WORDS = "invoice contract total amount due payment terms delivery order "
			+ "customer account number date reference quantity price tax net gross signature page";

	private BenchDocuments() {
	}

	/**
	 * A scanned PDF whose pages are tiny JPEG images of a line of text, with no text layer: every
	 * page goes through rendering and OCR, and rendering costs little.
	 */
	static byte[] tinyScannedPdf(String name, int pages) {
		try (PDDocument document = new PDDocument()) {
			for (int i = 1; i <= pages; i++) {
				BufferedImage scan = SampleDocuments.textImage(name + " page " + i, 400, 200, 28);
				PDPage page = new PDPage(TINY);
				document.addPage(page);
				PDImageXObject image = JPEGFactory.createFromImage(document, scan, 0.8f);
				try (PDPageContentStream content = new PDPageContentStream(document, page)) {
					content.drawImage(image, 0, 0, TINY.getWidth(), TINY.getHeight());
				}
			}
			return save(document);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A4 scanned pages like an office scanner makes them (150 DPI grayscale JPEG of about 40 lines
	 * of text), each page a different image.
	 */
	static byte[] scannedPdf(int pages, long seed) {
		Random random = new Random(seed);
		try (PDDocument document = new PDDocument()) {
			for (int i = 1; i <= pages; i++) {
				BufferedImage scan = SampleDocuments.textImage(paragraph(random, 40, 70), 1240, 1754, 22);
				PDPage page = new PDPage(PDRectangle.A4);
				document.addPage(page);
				PDImageXObject image = JPEGFactory.createFromImage(document, scan, 0.75f);
				try (PDPageContentStream content = new PDPageContentStream(document, page)) {
					content.drawImage(image, 0, 0, PDRectangle.A4.getWidth(), PDRectangle.A4.getHeight());
				}
			}
			return save(document);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A4 scanned pages as document archives keep them (200 DPI bilevel, CCITT G4, about 40 lines
	 * of text), each page a different image: small files, full-size rasters.
	 */
	static byte[] bilevelScannedPdf(int pages, long seed) {
		Random random = new Random(seed);
		try (PDDocument document = new PDDocument()) {
			for (int i = 1; i <= pages; i++) {
				BufferedImage gray = SampleDocuments.textImage(paragraph(random, 40, 70), 1654, 2339, 30);
				BufferedImage scan = new BufferedImage(gray.getWidth(), gray.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
				Graphics2D graphics = scan.createGraphics();
				graphics.drawImage(gray, 0, 0, null);
				graphics.dispose();
				PDPage page = new PDPage(PDRectangle.A4);
				document.addPage(page);
				PDImageXObject image = CCITTFactory.createFromImage(document, scan);
				try (PDPageContentStream content = new PDPageContentStream(document, page)) {
					content.drawImage(image, 0, 0, PDRectangle.A4.getWidth(), PDRectangle.A4.getHeight());
				}
			}
			return save(document);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A4 pages of real text (Helvetica 10 pt, about 60 lines), like an exported report. */
	static byte[] textPdf(int pages, long seed) {
		Random random = new Random(seed);
		try (PDDocument document = new PDDocument()) {
			PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
			for (int i = 1; i <= pages; i++) {
				PDPage page = new PDPage(PDRectangle.A4);
				document.addPage(page);
				try (PDPageContentStream content = new PDPageContentStream(document, page)) {
					content.beginText();
					content.setFont(font, 10);
					content.setLeading(12.5f);
					content.newLineAtOffset(56, 790);
					for (String line : paragraph(random, 60, 95).split("\n")) {
						content.showText(line);
						content.newLine();
					}
					content.endText();
				}
			}
			return save(document);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A4 vector drawings like a plan or chart: 1,500 stroked lines and curves and 150 filled
	 * polygons (each within 160 pt) in shades of grey.
	 */
	static byte[] vectorPdf(int pages, long seed) {
		Random random = new Random(seed);
		float width = PDRectangle.A4.getWidth();
		float height = PDRectangle.A4.getHeight();
		try (PDDocument document = new PDDocument()) {
			for (int i = 1; i <= pages; i++) {
				PDPage page = new PDPage(PDRectangle.A4);
				document.addPage(page);
				try (PDPageContentStream content = new PDPageContentStream(document, page)) {
					for (int k = 0; k < 150; k++) {
						content.setNonStrokingColor(0.5f + random.nextFloat() / 2);
						float cx = random.nextFloat() * width;
						float cy = random.nextFloat() * height;
						content.moveTo(cx, cy);
						for (int v = 0; v < 5; v++) {
							content.lineTo(cx + random.nextFloat() * 160 - 80, cy + random.nextFloat() * 160 - 80);
						}
						content.closePath();
						content.fill();
					}
					content.setStrokingColor(0f);
					for (int k = 0; k < 1500; k++) {
						content.setLineWidth(0.25f + random.nextFloat() * 2);
						float x = random.nextFloat() * width;
						float y = random.nextFloat() * height;
						content.moveTo(x, y);
						if (k % 3 == 0) {
							content.curveTo(x + random.nextFloat() * 80 - 40, y + random.nextFloat() * 80 - 40,
									x + random.nextFloat() * 80 - 40, y + random.nextFloat() * 80 - 40,
									x + random.nextFloat() * 120 - 60, y + random.nextFloat() * 120 - 60);
						}
						else {
							content.lineTo(x + random.nextFloat() * 120 - 60, y + random.nextFloat() * 120 - 60);
						}
						content.stroke();
					}
				}
			}
			return save(document);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String paragraph(Random random, int lines, int width) {
		String[] words = WORDS.split(" ");
		StringBuilder text = new StringBuilder();
		for (int l = 0; l < lines; l++) {
			StringBuilder line = new StringBuilder();
			while (line.length() < width) {
				line.append(words[random.nextInt(words.length)]).append(' ');
				if (random.nextInt(6) == 0) {
					line.append(random.nextInt(100_000)).append(' ');
				}
			}
			text.append(line.toString().strip()).append('\n');
		}
		return text.toString();
	}

	private static byte[] save(PDDocument document) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		document.save(out);
		return out.toByteArray();
	}

}
