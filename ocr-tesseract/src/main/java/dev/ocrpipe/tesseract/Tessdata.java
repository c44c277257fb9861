package dev.ocrpipe.tesseract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Locates Tesseract language data, because the native engine reads it from a directory while
 * this jar carries the English model as a classpath resource.
 */
public final class Tessdata {

	/** The language whose model is bundled in this jar. */
	public static final String BUNDLED_LANGUAGE = "eng";

	private static final String RESOURCE = "/tessdata/" + BUNDLED_LANGUAGE + ".traineddata";

	private static final Object LOCK = new Object();

	private static Path extracted;

	private Tessdata() {
	}

	/**
	 * Returns a directory holding the bundled English model, extracting it to a temporary
	 * directory the first time (once per JVM; deleted when the JVM exits).
	 * @return the tessdata directory to pass to {@link TesseractReader}
	 * @throws IllegalStateException if the jar was built without the model
	 * @throws UncheckedIOException if the model cannot be extracted
	 */
	public static Path bundled() {
		synchronized (LOCK) {
			if (extracted == null) {
				extracted = extract();
			}
			return extracted;
		}
	}

	/**
	 * Returns the given directory after checking that it holds the model for a language, or
	 * the bundled directory when none is given, so configuration can leave it unset.
	 * @param directory a tessdata directory, or {@code null} for the bundled English model
	 * @param language the language to look for, such as {@code eng}
	 * @return a directory that holds {@code <language>.traineddata}
	 * @throws IllegalArgumentException if the directory lacks the model
	 */
	public static Path resolve(Path directory, String language) {
		Path dir = (directory != null) ? directory : bundled();
		Path model = dir.resolve(language + ".traineddata");
		if (!Files.isRegularFile(model)) {
			throw new IllegalArgumentException("No Tesseract model for '" + language + "' in " + dir.toAbsolutePath());
		}
		return dir;
	}

	private static Path extract() {
		try (InputStream in = Tessdata.class.getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException("Tesseract model " + RESOURCE + " is not on the classpath: "
						+ "build ocr-tesseract with Maven so generate-resources fetches it");
			}
			Path dir = Files.createTempDirectory("ocrpipe-tessdata-");
			dir.toFile().deleteOnExit();
			Path model = dir.resolve(BUNDLED_LANGUAGE + ".traineddata");
			// registered after the directory, so it is deleted before it
			model.toFile().deleteOnExit();
			Files.copy(in, model, StandardCopyOption.REPLACE_EXISTING);
			return dir;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot extract the bundled Tesseract model", ex);
		}
	}

}
