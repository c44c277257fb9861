package dev.ocrpipe.api.uploads;

import java.io.IOException;
import java.util.Map;

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

/**
 * Caps request bodies that the servlet multipart limits do not cover (JSON, including base64
 * uploads): a declared length over the cap is refused at once, an undeclared one is cut off
 * while it is read.
 */
class BodyLimitFilter extends OncePerRequestFilter {

	private final long defaultLimit;

	private final Map<String, Long> limitsByPath;

	private final ProblemWriter problems;

	BodyLimitFilter(long defaultLimit, Map<String, Long> limitsByPath, ProblemWriter problems) {
		this.defaultLimit = defaultLimit;
		this.limitsByPath = limitsByPath;
		this.problems = problems;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String contentType = request.getContentType();
		// multipart bodies are capped by the servlet container's multipart limits
		return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT)
			.startsWith(MediaType.MULTIPART_FORM_DATA_VALUE);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		long limit = this.limitsByPath.getOrDefault(path, this.defaultLimit);
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
