package dev.ocrpipe.api.uploads;

import java.io.IOException;
import java.util.Set;

import org.springframework.web.filter.OncePerRequestFilter;

import dev.ocrpipe.api.system.ApiProblem;
import dev.ocrpipe.api.system.CurrentOwner;
import dev.ocrpipe.api.system.ProblemWriter;
import dev.ocrpipe.api.system.RequestPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Counts an owner's uploads in progress from the moment the caller is known (right after the
 * security chain) until the answer, so the body being received counts too: an owner over
 * {@code ocr.api.quotas.max-concurrent-uploads} is refused before a byte of the body is read.
 */
class UploadQuotaFilter extends OncePerRequestFilter {

	private final OwnerQuotas quotas;

	private final CurrentOwner owner;

	private final ProblemWriter problems;

	private final Set<String> paths;

	UploadQuotaFilter(OwnerQuotas quotas, CurrentOwner owner, ProblemWriter problems, Set<String> paths) {
		this.quotas = quotas;
		this.owner = owner;
		this.problems = problems;
		this.paths = paths;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		// an unauthenticated request was answered by the security chain already; the path is matched
		// decoded, as MVC routes it (an encoded path reaches the same upload)
		return !"POST".equals(request.getMethod()) || request.getUserPrincipal() == null
				|| !this.paths.contains(RequestPaths.of(request));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		OwnerQuotas.Upload upload;
		try {
			upload = this.quotas.startUpload(this.owner.id());
		}
		catch (ApiProblem refused) {
			this.problems.write(request, response, refused);
			return;
		}
		try (upload) {
			chain.doFilter(request, response);
		}
	}

}
