package dev.ocrpipe.api.jobs;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Job status, listings, partial page results and final results.
 */
@RestController
@RequestMapping("/api/v1/jobs")
class JobController {

	private final JobQueries queries;

	private final ResultWriter results;

	JobController(JobQueries queries, ResultWriter results) {
		this.queries = queries;
		this.results = results;
	}

	@GetMapping("/{id}")
	JobView job(@PathVariable String id) {
		return this.queries.job(id);
	}

	@GetMapping
	JobQueries.JobList list(@RequestParam(required = false) String status,
			@RequestParam(required = false) String cursor,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
		return this.queries.list(status, cursor, limit);
	}

	@GetMapping("/{id}/pages")
	JobQueries.PageList pages(@PathVariable String id, @RequestParam(defaultValue = "0") @Min(0) int after,
			@RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit) {
		return this.queries.pagesAfter(id, after, limit);
	}

	/**
	 * The result; a HEAD asks only whether it is there, so it is neither read nor recorded as a
	 * read ({@code RESULT_READ}).
	 */
	@GetMapping("/{id}/result")
	ResponseEntity<StreamingResponseBody> result(@PathVariable String id,
			@RequestParam(required = false) String format, HttpServletRequest request) {
		ResultFormat resultFormat = ResultFormat.parse(format);
		boolean head = HttpMethod.HEAD.matches(request.getMethod());
		JobView job = head ? this.queries.finishedJob(id) : this.queries.resultOf(id, resultFormat);
		String filename = ResultNames.of(job.filename(), resultFormat.extension());
		if (head) {
			return ResponseEntity.ok()
				.contentType(resultFormat.mediaType())
				.header(HttpHeaders.CONTENT_DISPOSITION,
						ContentDisposition.inline().filename(filename).build().toString())
				.build();
		}
		StreamingResponseBody body = (out) -> {
			try (var pages = this.queries.pageStream(id)) {
				this.results.write(resultFormat, job, pages, out);
			}
		};
		return ResponseEntity.ok()
			.contentType(resultFormat.mediaType())
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename(filename).build().toString())
			.body(body);
	}

}
