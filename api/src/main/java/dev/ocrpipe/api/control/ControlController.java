package dev.ocrpipe.api.control;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.ocrpipe.api.jobs.JobView;

/**
 * Cancel, retry and delete of a job: accepted changes answer 202 with the job (workers finish
 * them), a delete 204.
 */
@RestController
@RequestMapping("/api/v1/jobs/{id}")
class ControlController {

	private final JobControl control;

	ControlController(JobControl control) {
		this.control = control;
	}

	@PostMapping("/cancel")
	ResponseEntity<JobView> cancel(@PathVariable String id) {
		return ResponseEntity.accepted().body(this.control.cancel(id));
	}

	@PostMapping("/retry")
	ResponseEntity<JobView> retry(@PathVariable String id) {
		return ResponseEntity.accepted().body(this.control.retry(id));
	}

	@DeleteMapping
	ResponseEntity<Void> delete(@PathVariable String id) {
		this.control.delete(id);
		return ResponseEntity.noContent().build();
	}

}
