package dev.ocrpipe.api.jobs;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.stream.Stream;

import org.bson.Document;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a finished job's pages in one of the {@link ResultFormat}s, one page at a time, so a
 * document of thousands of pages never sits in memory whole.
 */
class ResultWriter {

	private final JsonMapper mapper;

	private final CostEstimator costs;

	ResultWriter(JsonMapper mapper, CostEstimator costs) {
		this.mapper = mapper;
		this.costs = costs;
	}

	void write(ResultFormat format, JobView job, Stream<Document> pages, OutputStream out) throws IOException {
		Iterator<PageView> iterator = pages.map((page) -> PageView.of(page).priced(this.costs)).iterator();
		switch (format) {
			case TXT -> writeText(job, iterator, out);
			case MD -> writeMarkdown(job, iterator, out);
			case JSON -> writeJson(job, iterator, out);
		}
	}

	private void writeText(JobView job, Iterator<PageView> pages, OutputStream out) throws IOException {
		Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
		int total = job.pages().total();
		boolean any = false;
		while (pages.hasNext()) {
			PageView page = pages.next();
			any = true;
			writer.write("===== page " + page.page() + " / " + total + " =====\n");
			if (page.failed()) {
				writer.write("[page " + page.page() + " failed: " + page.errorCode() + "]\n");
			}
			else if (!page.terminal()) {
				writer.write("[page " + page.page() + " not processed: " + page.status() + "]\n");
			}
			else if (page.text() != null) {
				writer.write(page.text());
				if (!page.text().endsWith("\n")) {
					writer.write('\n');
				}
			}
		}
		if (!any && job.errorCode() != null) {
			writer.write("[job " + job.status() + ": " + job.errorCode() + "]\n");
		}
		writer.flush();
	}

	private void writeMarkdown(JobView job, Iterator<PageView> pages, OutputStream out) throws IOException {
		Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
		writer.write("# " + job.filename() + "\n");
		boolean any = false;
		while (pages.hasNext()) {
			PageView page = pages.next();
			any = true;
			writer.write("\n## Page " + page.page() + "\n\n");
			if (page.failed()) {
				writer.write("> Page " + page.page() + " failed: " + page.errorCode()
						+ ((page.errorMessage() != null) ? " (" + oneLine(page.errorMessage()) + ")" : "") + "\n");
			}
			else if (!page.terminal()) {
				writer.write("> Page " + page.page() + " was not processed: " + page.status() + "\n");
			}
			else if (page.text() != null) {
				writer.write(page.text());
				if (!page.text().endsWith("\n")) {
					writer.write('\n');
				}
			}
		}
		if (!any && job.errorCode() != null) {
			writer.write("\n> Job " + job.status() + ": " + job.errorCode()
					+ ((job.errorMessage() != null) ? " (" + oneLine(job.errorMessage()) + ")" : "") + "\n");
		}
		writer.flush();
	}

	private void writeJson(JobView job, Iterator<PageView> pages, OutputStream out) throws IOException {
		out.write("{\"job\":".getBytes(StandardCharsets.UTF_8));
		out.write(this.mapper.writeValueAsBytes(job));
		out.write(",\"pages\":[".getBytes(StandardCharsets.UTF_8));
		boolean first = true;
		while (pages.hasNext()) {
			PageView page = pages.next();
			if (!first) {
				out.write(',');
			}
			first = false;
			out.write(this.mapper.writeValueAsBytes(page));
		}
		out.write("]}".getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	private static String oneLine(String text) {
		return text.replaceAll("[\\r\\n]+", " ");
	}

}
