package dev.ocrpipe.api.audit;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Where a request came from, as the audit trail records it: the one seam to replace with a
 * resolver that knows which proxies to trust. The default is {@code request.getRemoteAddr()}
 * (which Tomcat already takes from {@code X-Forwarded-For} when the peer is a private or loopback
 * proxy, under {@code server.forward-headers-strategy=native}).
 */
@FunctionalInterface
public interface ClientAddress {

	String of(HttpServletRequest request);

}
