package dev.ocrpipe.api.ratelimit;

import java.io.IOException;
import java.security.Principal;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Test-only stand-in for Spring Security's filter chain: at its order (-100) it makes the
 * {@code X-Test-User} header the request's principal, as Security's request wrapper makes the
 * authenticated user. Deliberately not a {@code @Configuration}, so component scanning of the
 * shared test context never picks it up; only the rate-limit instances are started with it.
 */
class TestPrincipals {

	static final String HEADER = "X-Test-User";

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> testPrincipalFilter() {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
				new OncePerRequestFilter() {

					@Override
					protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
							FilterChain chain) throws ServletException, IOException {
						String user = request.getHeader(HEADER);
						if (user == null) {
							chain.doFilter(request, response);
							return;
						}
						Principal principal = () -> user;
						chain.doFilter(new HttpServletRequestWrapper(request) {

							@Override
							public Principal getUserPrincipal() {
								return principal;
							}

						}, response);
					}

				});
		registration.setOrder(-100);
		return registration;
	}

}
