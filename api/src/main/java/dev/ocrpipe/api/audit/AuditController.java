package dev.ocrpipe.api.audit;

import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The audit trail for admins. For anyone else the route does not exist: the same 404 as an
 * unknown path, before any parameter is looked at (ops views are hidden, as another owner's job
 * is).
 */
@RestController
class AuditController {

	static final String PATH = "/api/v1/audit";

	private final AuditQueries queries;

	AuditController(AuditQueries queries) {
		this.queries = queries;
	}

	@GetMapping(PATH)
	AuditQueries.AuditPage list(HttpServletRequest request, @RequestParam(required = false) String actor,
			@RequestParam(required = false) String action, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, @RequestParam(required = false) String limit,
			@RequestParam(required = false) String cursor) throws NoResourceFoundException {
		if (!this.queries.admitted()) {
			throw new NoResourceFoundException(HttpMethod.GET, request.getRequestURI(), PATH.substring(1));
		}
		return this.queries.list(actor, action, from, to, limit, cursor);
	}

}
