package dev.ocrpipe.testkit;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Documents made in code for tests: PDFs with a real text layer, scanned (image-only) PDFs, images
 * with rendered text, multi-page TIFFs and encrypted PDFs.
 */
public final class SampleDocuments {

	private SampleDocuments() {
	}

	/** A PDF whose pages carry the given texts in a real text layer (Helvetica). */
	public static byte[] textPdf(String... pages) {
		try (PDDocument document = new PDDocument()) {
			PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
			for (String text : pages) {
				PDPage page = new PDPage(PDRectangle.A4);
				document.addPage(page);
				try (PDPageContentStream content = new PDPageContentStream(document, page)) {
					content.beginText();
					content.setFont(font, 12);
					content.setLeading(16);
					content.newLineAtOffset(72, 760);
					for (String line : text.split("\n")) {
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

	/** A scanned PDF: each page is only an image of the given text, with no text layer. */
	public static byte[] scannedPdf(String... pages) {
		try (PDDocument document = new PDDocument()) {
			for (String text : pages) {
				PDPage page = new PDPage(PDRectangle.A4);
				document.addPage(page);
				PDImageXObject image = LosslessFactory.createFromImage(document, textImage(text, 1240, 1754, 44));
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
	 * One scanned page (an image of {@code scanned}) with a short real text line over it, like an
	 * archive stamp or caption: a text layer too sparse to stand for the page.
	 */
	public static byte[] scannedPdfWithCaption(String scanned, String caption) {
		try (PDDocument document = new PDDocument()) {
			PDPage page = new PDPage(PDRectangle.A4);
			document.addPage(page);
			PDImageXObject image = LosslessFactory.createFromImage(document, textImage(scanned, 1240, 1754, 44));
			try (PDPageContentStream content = new PDPageContentStream(document, page)) {
				content.drawImage(image, 0, 0, PDRectangle.A4.getWidth(), PDRectangle.A4.getHeight());
				content.beginText();
				content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 9);
				content.newLineAtOffset(36, 20);
				content.showText(caption);
				content.endText();
			}
			return save(document);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A text-layer PDF that needs a user password to open. */
	public static byte[] encryptedPdf(String text) {
		try (PDDocument document = new PDDocument()) {
			document.addPage(new PDPage(PDRectangle.A4));
			StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", "user-secret",
					new AccessPermission());
			policy.setEncryptionKeyLength(128);
			document.protect(policy);
			return save(document);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A PNG of black text on white, large enough for OCR. */
	public static byte[] png(String text) {
		return encode(textImage(text, 1200, 400, 48), "png");
	}

	/** A multi-page TIFF, one image of text per page. */
	public static byte[] tiff(String... pages) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("tiff");
		ImageWriter writer = writers.next();
		try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
			writer.setOutput(stream);
			writer.prepareWriteSequence(null);
			for (String text : pages) {
				writer.writeToSequence(new IIOImage(textImage(text, 1200, 400, 48), null, null), null);
			}
			writer.endWriteSequence();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			writer.dispose();
		}
		return out.toByteArray();
	}

	/**
	 * An image of black text (one line per {@code \n}) on white.
	 */
	public static BufferedImage textImage(String text, int width, int height, int fontSize) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
		Graphics2D graphics = image.createGraphics();
		try {
			graphics.setColor(Color.WHITE);
			graphics.fillRect(0, 0, width, height);
			graphics.setColor(Color.BLACK);
			graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, fontSize));
			int y = fontSize * 2;
			for (String line : text.split("\n")) {
				graphics.drawString(line, fontSize, y);
				y += fontSize * 3 / 2;
			}
		}
		finally {
			graphics.dispose();
		}
		return image;
	}

	static byte[] encode(BufferedImage image, String format) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			ImageIO.write(image, format, out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	private static byte[] save(PDDocument document) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		document.save(out);
		return out.toByteArray();
	}

}
