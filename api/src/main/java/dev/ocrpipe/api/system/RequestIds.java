package dev.ocrpipe.api.system;

import java.util.UUID;
import java.util.regex.Pattern;

import org.slf4j.MDC;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Where the request id of the current request lives (MDC, request attribute, header), so that
 * logs, error bodies and the Kafka messages of one upload can be correlated.
 */
public final class RequestIds {

	/** The request and response header. */
	public static final String HEADER = "X-Request-Id";

	/** The MDC key, also used by structured logs. */
	public static final String MDC_KEY = "requestId";

	static final String ATTRIBUTE = RequestIds.class.getName() + ".requestId";

	private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	private RequestIds() {
	}

	/**
	 * The request id of the request being handled on this thread, or {@code null} outside one.
	 */
	public static String current() {
		return MDC.get(MDC_KEY);
	}

	/**
	 * The request id of a request, even on an error dispatch where the MDC is already cleared.
	 */
	public static String of(HttpServletRequest request) {
		Object value = request.getAttribute(ATTRIBUTE);
		return (value instanceof String id) ? id : current();
	}

	static String acceptOrGenerate(String incoming) {
		if (incoming != null && SAFE.matcher(incoming).matches()) {
			return incoming;
		}
		return UUID.randomUUID().toString().replace("-", "");
	}

}
