package dev.ocrpipe.tesseract;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Renders lines of text the way a clean scan would look, so tests have known ground truth. */
final class TextImages {

	private TextImages() {
	}

	static BufferedImage render(int imageType, String... lines) {
		Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 40);
		int lineHeight = 60;
		BufferedImage image = new BufferedImage(900, 80 + lines.length * lineHeight, imageType);
		Graphics2D g = image.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			g.setColor(Color.WHITE);
			g.fillRect(0, 0, image.getWidth(), image.getHeight());
			g.setColor(Color.BLACK);
			g.setFont(font);
			for (int i = 0; i < lines.length; i++) {
				g.drawString(lines[i], 40, 80 + i * lineHeight);
			}
		}
		finally {
			g.dispose();
		}
		return image;
	}

	static BufferedImage blank(int width, int height) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		try {
			g.setColor(Color.WHITE);
			g.fillRect(0, 0, width, height);
		}
		finally {
			g.dispose();
		}
		return image;
	}

	static String normalise(String text) {
		return text.replaceAll("\\s+", " ").strip();
	}

}
