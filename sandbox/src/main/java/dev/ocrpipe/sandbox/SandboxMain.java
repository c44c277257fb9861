package dev.ocrpipe.sandbox;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import dev.ocrpipe.common.jobs.DocumentType;

/**
 * The sandbox process: says it is ready (after an optional warm-up), then reads requests from stdin,
 * answers on stdout, logs to stderr, and exits when
 * stdin closes (the worker is gone or let it go). The worker starts it with a hard heap cap and
 * {@code -XX:+ExitOnOutOfMemoryError}, so a document that needs too much memory ends this process,
 * not the worker.
 */
public final class SandboxMain {

	/** The first program argument that asks for a warm-up render before serving. */
	public static final String WARM_UP = "--warm-up";

	private SandboxMain() {
	}

	public static void main(String[] args) throws IOException {
		DataOutputStream out = new DataOutputStream(
				new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
		// stdout carries the protocol: whatever a library prints goes to the log instead
		PrintStream log = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
		System.setOut(log);
		System.setProperty("java.awt.headless", "true");
		DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in)));
		try (Decoder decoder = new Decoder(log)) {
			if (args.length > 0 && WARM_UP.equals(args[0])) {
				warmUp(decoder, log);
			}
			Wire.writeReady(out);
			for (Request request = Wire.readRequest(in); request != null; request = Wire.readRequest(in)) {
				Wire.write(decoder.handle(request), out);
			}
		}
	}

	/**
	 * Renders a small page once, so that class loading and the first compilations happen while the
	 * process waits in the pool, not during a user's first page.
	 */
	private static void warmUp(Decoder decoder, PrintStream log) {
		try {
			Path file = Files.createTempFile("ocrpipe-sandbox-warm-up-", ".pdf");
			try {
				Files.write(file, warmUpPdf());
				PageLimits limits = new PageLimits(150, 72, 4_000_000, 1 << 20, 16 << 20, 1_000_000);
				for (int i = 0; i < 3; i++) {
					decoder.handle(new Request.Plan(file, DocumentType.PDF, 10));
					decoder.handle(new Request.Page(file, DocumentType.PDF, 1, limits));
				}
			}
			finally {
				Files.deleteIfExists(file);
			}
		}
		catch (IOException | RuntimeException ex) {
			log.println("warm-up failed (serving anyway): " + Decoder.chain(ex));
		}
	}

	private static byte[] warmUpPdf() throws IOException {
		try (PDDocument document = new PDDocument(); ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
			PDPage page = new PDPage();
			document.addPage(page);
			try (PDPageContentStream content = new PDPageContentStream(document, page)) {
				content.beginText();
				content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
				content.newLineAtOffset(72, 700);
				content.showText("warm-up");
				content.endText();
				content.addRect(72, 72, 200, 100);
				content.fill();
			}
			document.save(bytes);
			return bytes.toByteArray();
		}
	}

}
