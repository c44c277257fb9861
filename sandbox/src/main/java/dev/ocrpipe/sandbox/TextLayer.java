package dev.ocrpipe.sandbox;

import java.io.IOException;

import org.apache.pdfbox.contentstream.PDFGraphicsStreamEngine;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.util.Matrix;

/**
 * Decides whether a PDF page's own text layer is good enough to skip OCR.
 * <p>
 * A text layer is <em>good</em> when all of these hold:
 * <ul>
 * <li>it has at least {@code minChars} non-space characters (a page number or a stamp alone is
 * not the page's text);</li>
 * <li>at most 2% of them are U+FFFD, control or private-use characters (what fonts without a
 * usable ToUnicode map extract as), and at least a quarter are letters or digits (not glyph soup;
 * a table of contents with dot leaders is still mostly letters and digits);</li>
 * <li>it is not a thin layer over a scan: when images cover more than half of the page, the text
 * must be dense enough (at least 1 character per 1,000 pt² of page, ~90 on an A4 page) to be the
 * page's text, like the invisible layer of a searchable scan, rather than a caption or header.</li>
 * </ul>
 */
final class TextLayer {

	private TextLayer() {
	}

	record Verdict(boolean good, String text, String reason) {
	}

	static Verdict judge(PDDocument document, PDPage page, int number, int minChars) throws IOException {
		PDFTextStripper stripper = new PDFTextStripper();
		stripper.setSortByPosition(true);
		stripper.setStartPage(number);
		stripper.setEndPage(number);
		String text = stripper.getText(document).strip();
		int visible = 0;
		int junk = 0;
		int alnum = 0;
		for (int i = 0; i < text.length();) {
			int cp = text.codePointAt(i);
			i += Character.charCount(cp);
			if (Character.isWhitespace(cp)) {
				continue;
			}
			visible++;
			int type = Character.getType(cp);
			if (cp == 0xFFFD || type == Character.CONTROL || type == Character.PRIVATE_USE
					|| type == Character.UNASSIGNED) {
				junk++;
			}
			else if (Character.isLetterOrDigit(cp)) {
				alnum++;
			}
		}
		if (visible < minChars) {
			return new Verdict(false, text, "text layer has " + visible + " characters");
		}
		if (junk * 50 > visible || alnum * 4 < visible) {
			return new Verdict(false, text, "text layer looks garbled");
		}
		PDRectangle box = page.getCropBox();
		double area = Math.abs((double) box.getWidth() * box.getHeight());
		if (area > 0 && imageCoverage(page) / area > 0.5 && visible < area / 1000) {
			return new Verdict(false, text, "text layer is sparse over a scanned image");
		}
		return new Verdict(true, text, "text layer is good");
	}

	/** Area (pt², overlaps counted twice) covered by images drawn on the page. */
	private static double imageCoverage(PDPage page) throws IOException {
		ImageArea engine = new ImageArea(page);
		engine.processPage(page);
		return engine.area;
	}

	private static final class ImageArea extends PDFGraphicsStreamEngine {

		private double area;

		ImageArea(PDPage page) {
			super(page);
		}

		@Override
		public void drawImage(PDImage image) {
			Matrix ctm = getGraphicsState().getCurrentTransformationMatrix();
			this.area += Math.abs((double) ctm.getScalingFactorX() * ctm.getScalingFactorY());
		}

		@Override
		public void appendRectangle(java.awt.geom.Point2D p0, java.awt.geom.Point2D p1, java.awt.geom.Point2D p2,
				java.awt.geom.Point2D p3) {
		}

		@Override
		public void clip(int windingRule) {
		}

		@Override
		public void moveTo(float x, float y) {
		}

		@Override
		public void lineTo(float x, float y) {
		}

		@Override
		public void curveTo(float x1, float y1, float x2, float y2, float x3, float y3) {
		}

		@Override
		public java.awt.geom.Point2D getCurrentPoint() {
			return new java.awt.geom.Point2D.Float();
		}

		@Override
		public void closePath() {
		}

		@Override
		public void endPath() {
		}

		@Override
		public void strokePath() {
		}

		@Override
		public void fillPath(int windingRule) {
		}

		@Override
		public void fillAndStrokePath(int windingRule) {
		}

		@Override
		public void shadingFill(COSName shadingName) {
		}

	}

}
