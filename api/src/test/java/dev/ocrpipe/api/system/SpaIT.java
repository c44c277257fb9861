package dev.ocrpipe.api.system;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import dev.ocrpipe.api.IntegrationTestBase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The single-page app served from the API's origin: its routes fall back to {@code index.html},
 * the server's own routes never do, hashed assets are cached for good and {@code index.html} is
 * revalidated, all under the API's security headers and a CSP that allows no inline script.
 */
class SpaIT extends IntegrationTestBase {

	private static final Pattern ENTRY = Pattern.compile("<script type=\"module\" crossorigin src=\"(/assets/[^\"]+\\.js)\"");

	@Test
	void indexIsServedAtTheRootUnderTheCspAndRevalidated() {
		ResponseEntity<String> index = anonymous().get().uri("/").retrieve().toEntity(String.class);

		assertThat(index.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(index.getHeaders().getContentType().toString()).startsWith("text/html");
		assertThat(index.getHeaders().getFirst("Cache-Control")).isEqualTo("no-cache");
		assertThat(index.getHeaders().getFirst("Content-Security-Policy")).isEqualTo(
				"default-src 'self'; worker-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'none'");
		assertThat(index.getHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(index.getBody()).contains("<div id=\"root\">");
		// the CSP refuses inline scripts: every script element has a src
		assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>").matcher(index.getBody()).find()).isFalse();
	}

	@Test
	void appRoutesFallBackToIndex() {
		for (String route : new String[] { "/jobs/0123456789abcdef01234567", "/tokens", "/batches/b1" }) {
			ResponseEntity<String> page = anonymous().get().uri(route).retrieve().toEntity(String.class);
			assertThat(page.getStatusCode()).as(route).isEqualTo(HttpStatus.OK);
			assertThat(page.getBody()).as(route).contains("<div id=\"root\">");
			assertThat(page.getHeaders().getFirst("Cache-Control")).as(route).isEqualTo("no-cache");
		}
	}

	@Test
	void serverRoutesNeverFallBack() {
		ResponseEntity<String> api = this.http.get().uri("/api/v1/no/such/route").retrieve().toEntity(String.class);
		assertThat(api.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(api.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
		for (String route : new String[] { "/actuator/nothing-here", "/oauth2/nothing-here", "/login/nothing-here",
				"/favicon.ico", "/assets/missing-0000.js" }) {
			ResponseEntity<String> answer = anonymous().get().uri(route).retrieve().toEntity(String.class);
			assertThat(answer.getBody()).as(route).doesNotContain("<div id=\"root\">");
			assertThat(answer.getStatusCode().is2xxSuccessful()).as(route).isFalse();
		}
	}

	@Test
	void hashedAssetsAreCachedImmutably() {
		String index = anonymous().get().uri("/").retrieve().body(String.class);
		Matcher entry = ENTRY.matcher(index);
		assertThat(entry.find()).as("the entry script in index.html").isTrue();

		ResponseEntity<String> script = anonymous().get().uri(entry.group(1)).retrieve().toEntity(String.class);

		assertThat(script.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(script.getHeaders().getContentType().toString()).contains("javascript");
		assertThat(script.getHeaders().getFirst("Cache-Control").split(",\\s*")).containsExactlyInAnyOrder(
				"max-age=31536000", "public", "immutable");
		assertThat(script.getHeaders().getFirst("Content-Security-Policy")).isNotBlank();
	}

	@Test
	void thePdfWorkerIsJavaScriptForAModuleWorker() {
		String entry = anonymous().get()
			.uri(ENTRY.matcher(anonymous().get().uri("/").retrieve().body(String.class)).results().findFirst().orElseThrow().group(1))
			.retrieve()
			.body(String.class);
		Matcher worker = Pattern.compile("pdf\\.worker\\.min-[A-Za-z0-9_-]+\\.mjs").matcher(entry);
		String workerName = worker.find() ? worker.group() : findWorkerInChunks(entry);

		ResponseEntity<String> answer = anonymous().get().uri("/assets/" + workerName).retrieve().toEntity(String.class);

		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
		// with nosniff, a browser runs a module worker only when it is served as JavaScript
		assertThat(answer.getHeaders().getContentType().toString()).contains("javascript");
	}

	/** The worker is named in the lazily loaded pdf.js chunk, which the entry imports by name. */
	private String findWorkerInChunks(String entry) {
		Matcher chunk = Pattern.compile("(PdfPage-[A-Za-z0-9_-]+\\.js)").matcher(entry);
		assertThat(chunk.find()).as("the pdf.js chunk named in the entry").isTrue();
		String code = anonymous().get().uri("/assets/" + chunk.group(1)).retrieve().body(String.class);
		Matcher worker = Pattern.compile("pdf\\.worker\\.min-[A-Za-z0-9_-]+\\.mjs").matcher(code);
		assertThat(worker.find()).as("the worker named in the pdf.js chunk").isTrue();
		return worker.group();
	}

}
