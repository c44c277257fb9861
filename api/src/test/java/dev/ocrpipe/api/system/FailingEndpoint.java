package dev.ocrpipe.api.system;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A test-only route that fails with an unexpected exception, for the 500 path.
 */
@RestController
public class FailingEndpoint {

	@GetMapping("/api/v1/test-only/boom")
	String boom() {
		throw new IllegalStateException("internal detail that must not leak");
	}

}
