package dev.ocrpipe.api.jobs;

/**
 * The download name of a result: the job's file name with the result's extension, restricted to
 * characters that are safe inside a quoted header value.
 */
final class ResultNames {

	private ResultNames() {
	}

	static String of(String filename, String extension) {
		String base = (filename != null) ? filename : "result";
		int dot = base.lastIndexOf('.');
		if (dot > 0) {
			base = base.substring(0, dot);
		}
		String safe = base.replaceAll("[^A-Za-z0-9._ -]", "_").strip();
		if (safe.isEmpty()) {
			safe = "result";
		}
		if (safe.length() > 200) {
			safe = safe.substring(0, 200);
		}
		return safe + "." + extension;
	}

}
