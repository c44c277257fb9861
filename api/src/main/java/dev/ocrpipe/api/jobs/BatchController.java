package dev.ocrpipe.api.jobs;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The jobs of one multi-file upload, with aggregate progress.
 */
@RestController
class BatchController {

	private final JobQueries queries;

	BatchController(JobQueries queries) {
		this.queries = queries;
	}

	@GetMapping("/api/v1/batches/{id}")
	BatchView batch(@PathVariable String id) {
		return this.queries.batch(id);
	}

}
