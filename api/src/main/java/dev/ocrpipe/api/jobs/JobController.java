package dev.ocrpipe.api.jobs;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import org.bson.types.ObjectId;

import com.mongodb.MongoGridFSException;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSDownloadStream;

import dev.ocrpipe.api.system.ApiProblem;
import dev.ocrpipe.api.system.ProblemCode;
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

	private final GridFSBucket uploads;

	JobController(JobQueries queries, ResultWriter results, GridFSBucket uploads) {
		this.queries = queries;
		this.results = results;
		this.uploads = uploads;
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

	/**
	 * The uploaded file as it came, for the SPA to show a page beside its text (pdf.js renders a
	 * PDF in the browser). Owner-checked like the job; 410 when retention or a delete has removed
	 * the file. Served with its sniffed type, never as HTML.
	 */
	@GetMapping("/{id}/original")
	ResponseEntity<StreamingResponseBody> original(@PathVariable String id) {
		JobQueries.Original original = this.queries.original(id);
		GridFSDownloadStream stream = open(id, original.uploadId());
		StreamingResponseBody body = (out) -> {
			try (stream) {
				stream.transferTo(out);
			}
		};
		return ResponseEntity.ok()
			.contentType(mediaType(original.type()))
			.contentLength(stream.getGridFSFile().getLength())
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.inline()
						.filename((original.filename() != null) ? original.filename() : id,
								java.nio.charset.StandardCharsets.UTF_8)
						.build()
						.toString())
			.body(body);
	}

	private GridFSDownloadStream open(String id, String uploadId) {
		if (uploadId == null || !ObjectId.isValid(uploadId)) {
			throw gone(id);
		}
		try {
			return this.uploads.openDownloadStream(new ObjectId(uploadId));
		}
		catch (MongoGridFSException ex) {
			throw gone(id);
		}
	}

	private static ApiProblem gone(String id) {
		return new ApiProblem(ProblemCode.ORIGINAL_GONE, "The uploaded file of job " + id + " is no longer stored.",
				java.util.Map.of("jobId", id));
	}

	/** Only the types uploads accept; anything else is bytes, never something a browser renders as a page. */
	static MediaType mediaType(String type) {
		return switch ((type != null) ? type : "") {
			case "PDF" -> MediaType.APPLICATION_PDF;
			case "PNG" -> MediaType.IMAGE_PNG;
			case "JPEG" -> MediaType.IMAGE_JPEG;
			case "TIFF" -> MediaType.parseMediaType("image/tiff");
			default -> MediaType.APPLICATION_OCTET_STREAM;
		};
	}

}
