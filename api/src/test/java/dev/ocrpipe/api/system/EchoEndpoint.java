package dev.ocrpipe.api.system;

import java.util.Map;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A test-only route that reads an ordinary JSON body, for the limits on JSON bodies (the API has
 * no such endpoint besides the base64 upload yet).
 */
@RestController
public class EchoEndpoint {

	@PostMapping("/api/v1/test-only/echo")
	Map<String, Object> echo(@RequestBody Map<String, Object> body) {
		return Map.of("fields", body.size());
	}

}
