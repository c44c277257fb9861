package dev.ocrpipe.api.ops;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ops view's numbers for admins (browser session only, see the security configuration):
 * pages waiting and in flight, active workers, throughput and dead-lettered records.
 */
@RestController
class OpsController {

	static final String PATH = "/api/v1/ops/queue";

	private final QueueFigures figures;

	OpsController(QueueFigures figures) {
		this.figures = figures;
	}

	@GetMapping(PATH)
	QueueFigures.Snapshot queue() {
		return this.figures.snapshot();
	}

}
