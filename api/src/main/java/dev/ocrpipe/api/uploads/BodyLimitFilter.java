package dev.ocrpipe.api.uploads;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.ocrpipe.api.system.ApiProblem;
import dev.ocrpipe.api.system.BodyTooLarge;
import dev.ocrpipe.api.system.ProblemCode;
import dev.ocrpipe.api.system.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;

/**
 * Caps request bodies that the servlet multipart limits do not cover (JSON, including base64
 * uploads, and any body sent to a path that takes no upload): a declared length over the cap is
 * refused at once, an undeclared one is cut off while it is read.
 */
class BodyLimitFilter extends OncePerRequestFilter {

	private final long defaultLimit;

	private final Map<String, Long> limitsByPath;

	private final Set<String> multipartPaths;

	private final ProblemWriter problems;

	BodyLimitFilter(long defaultLimit, Map<String, Long> limitsByPath, Set<String> multipartPaths,
			ProblemWriter problems) {
		this.defaultLimit = defaultLimit;
		this.limitsByPath = limitsByPath;
		this.multipartPaths = multipartPaths;
		this.problems = problems;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String contentType = request.getContentType();
		// multipart uploads are capped by the servlet container's multipart limits; a multipart body
		// sent anywhere else gets the default cap (MVC would otherwise parse it with the upload limits)
		return contentType != null
				&& contentType.toLowerCase(java.util.Locale.ROOT).startsWith(MediaType.MULTIPART_FORM_DATA_VALUE)
				&& this.multipartPaths.contains(path(request));
	}

	private static String path(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long limit = this.limitsByPath.getOrDefault(path(request), this.defaultLimit);
		long declared = request.getContentLengthLong();
		if (declared > limit) {
			this.problems.write(request, response, new ApiProblem(ProblemCode.REQUEST_TOO_LARGE,
					"The request body of " + declared + " bytes exceeds the limit of " + limit + " bytes."));
			return;
		}
		chain.doFilter(new Capped(request, limit), response);
	}

	private static final class Capped extends HttpServletRequestWrapper {

		private final long limit;

		private ServletInputStream stream;

		Capped(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new CappedStream(super.getInputStream(), this.limit);
			}
			return this.stream;
		}

		/**
		 * The container parses multipart bodies from its own stream, past this wrapper: only a
		 * declared length (already checked against the cap) makes such a body safe to parse.
		 */
		@Override
		public Collection<Part> getParts() throws IOException, ServletException {
			requireDeclaredLength();
			return super.getParts();
		}

		@Override
		public Part getPart(String name) throws IOException, ServletException {
			requireDeclaredLength();
			return super.getPart(name);
		}

		private void requireDeclaredLength() throws BodyTooLarge {
			if (getContentLengthLong() < 0) {
				throw new BodyTooLarge(this.limit);
			}
		}

	}

	private static final class CappedStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final long limit;

		private long count;

		CappedStream(ServletInputStream delegate, long limit) {
			this.delegate = delegate;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws BodyTooLarge {
			this.count += n;
			if (this.count > this.limit) {
				throw new BodyTooLarge(this.limit);
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
