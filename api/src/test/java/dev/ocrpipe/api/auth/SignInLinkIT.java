package dev.ocrpipe.api.auth;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import dev.ocrpipe.api.IntegrationTestBase;
import dev.ocrpipe.common.store.JobFields;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-time sign-in link of test mode ({@code ./run-local} prints one): it starts a session
 * once, never twice, never after it expired, and is stored only as a hash. And the original-file
 * route the SPA renders pages from.
 */
class SignInLinkIT extends IntegrationTestBase {

	private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	@Autowired
	GridFSBucket uploads;

	@Test
	void aLinkSignsInOnceAndRedirectsToTheApp() throws Exception {
		String path = issue();

		HttpResponse<String> first = open(path);
		HttpResponse<String> second = open(path);

		assertThat(first.statusCode()).isEqualTo(303);
		assertThat(first.headers().firstValue("Location")).hasValue("/");
		String session = first.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((c) -> c.startsWith("ocrpipe-session="))
			.map((c) -> c.split(";", 2)[0])
			.findFirst()
			.orElseThrow();
		assertThat(first.headers().allValues("Set-Cookie")).anyMatch((c) -> c.startsWith("XSRF-TOKEN="));
		HttpResponse<String> me = this.browser.send(HttpRequest.newBuilder(uri("/api/v1/me")).header("Cookie", session).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(body(ResponseEntity.ok(me.body())).path("subject").asString()).isEqualTo("local");
		assertThat(body(ResponseEntity.ok(me.body())).path("method").asString()).isEqualTo("session");

		assertThat(second.statusCode()).isEqualTo(303);
		assertThat(second.headers().firstValue("Location")).hasValue("/?login=failed");
		assertThat(second.headers().allValues("Set-Cookie")).noneMatch((c) -> c.startsWith("ocrpipe-session="));
	}

	@Test
	void anExpiredLinkSignsNoOneIn() throws Exception {
		String path = issue();
		String code = path.substring(path.indexOf("code=") + 5);
		this.mongo.getCollection(SignInLinks.COLLECTION)
			.updateOne(Filters.eq("_id", Secrets.sha256(code)),
					Updates.set("expiresAt", Date.from(Instant.now().minusSeconds(1))));

		HttpResponse<String> answer = open(path);

		assertThat(answer.statusCode()).isEqualTo(303);
		assertThat(answer.headers().firstValue("Location")).hasValue("/?login=failed");
		assertThat(answer.headers().allValues("Set-Cookie")).noneMatch((c) -> c.startsWith("ocrpipe-session="));
	}

	@Test
	void linksAreStoredOnlyAsHashesAndNeedTheTestSecret() throws Exception {
		String path = issue();
		String code = path.substring(path.indexOf("code=") + 5);

		assertThat(this.mongo.getCollection(SignInLinks.COLLECTION).find(Filters.eq("_id", code)).first()).isNull();
		assertThat(this.mongo.getCollection(SignInLinks.COLLECTION).find(Filters.eq("_id", Secrets.sha256(code))).first())
			.isNotNull();
		ResponseEntity<String> withoutSecret = anonymous().post()
			.uri("/api/v1/auth/sign-in-links")
			.retrieve()
			.toEntity(String.class);
		assertThat(withoutSecret.getStatusCode().value()).isEqualTo(401);
		assertThat(open("/api/v1/auth/sign-in-link?code=made-up").headers().firstValue("Location"))
			.hasValue("/?login=failed");
	}

	@Test
	void theOriginalFileIsServedToItsOwnerWithItsType() {
		byte[] png = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3 };
		String uploadId = this.uploads.uploadFromStream("scan.png", new ByteArrayInputStream(png)).toHexString();
		String job = insertJob(OWNER, "SUCCEEDED", 1, 1, 0, 0,
				Map.of(JobFields.UPLOAD_ID, uploadId, JobFields.TYPE, "PNG", JobFields.FILENAME, "scan.png"));
		String gone = insertJob(OWNER, "SUCCEEDED", 1, 1, 0, 0, Map.of(JobFields.TYPE, "PDF"));

		ResponseEntity<byte[]> mine = this.http.get().uri("/api/v1/jobs/" + job + "/original").retrieve().toEntity(byte[].class);
		ResponseEntity<String> theirs = clientFor("bob").get()
			.uri("/api/v1/jobs/" + job + "/original")
			.retrieve()
			.toEntity(String.class);
		ResponseEntity<String> removed = this.http.get()
			.uri("/api/v1/jobs/" + gone + "/original")
			.retrieve()
			.toEntity(String.class);

		assertThat(mine.getStatusCode().value()).isEqualTo(200);
		assertThat(mine.getHeaders().getContentType()).isEqualTo(MediaType.IMAGE_PNG);
		assertThat(mine.getBody()).isEqualTo(png);
		assertThat(mine.getHeaders().getFirst("Cache-Control")).isEqualTo("no-store");
		assertThat(theirs.getStatusCode().value()).isEqualTo(404);
		assertThat(body(theirs).path("code").asString()).isEqualTo("JOB_NOT_FOUND");
		assertThat(removed.getStatusCode().value()).isEqualTo(410);
		assertThat(body(removed).path("code").asString()).isEqualTo("ORIGINAL_GONE");
	}

	private String issue() {
		ResponseEntity<String> issued = anonymous().post()
			.uri("/api/v1/auth/sign-in-links")
			.header("X-Test-Auth", TEST_SECRET)
			.retrieve()
			.toEntity(String.class);
		assertThat(issued.getStatusCode().value()).isEqualTo(201);
		return body(issued).path("path").asString();
	}

	private HttpResponse<String> open(String path) throws Exception {
		return this.browser.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}


}
