package dev.ocrpipe.api.ratelimit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RouteClassTests {

	@Test
	void uploadsAreTheTwoUploadEndpoints() {
		assertThat(RouteClass.of("POST", "/api/v1/jobs")).isEqualTo(RouteClass.UPLOAD);
		assertThat(RouteClass.of("POST", "/api/v1/jobs:base64")).isEqualTo(RouteClass.UPLOAD);
		assertThat(RouteClass.of("GET", "/api/v1/jobs")).isEqualTo(RouteClass.READ);
	}

	@Test
	void otherStateChangesAreWrites() {
		assertThat(RouteClass.of("POST", "/api/v1/jobs/abc/cancel")).isEqualTo(RouteClass.WRITE);
		assertThat(RouteClass.of("DELETE", "/api/v1/jobs/abc")).isEqualTo(RouteClass.WRITE);
		assertThat(RouteClass.of("PUT", "/anything")).isEqualTo(RouteClass.WRITE);
	}

	@Test
	void readsIncludeEventStreams() {
		assertThat(RouteClass.of("GET", "/api/v1/jobs/abc/events")).isEqualTo(RouteClass.READ);
		assertThat(RouteClass.of("HEAD", "/api/v1/jobs/abc")).isEqualTo(RouteClass.READ);
		assertThat(RouteClass.of("GET", "/actuator/prometheus")).isEqualTo(RouteClass.READ);
	}

	@Test
	void authenticationSurfacesWhateverTheMethod() {
		assertThat(RouteClass.of("POST", "/api/v1/auth/login")).isEqualTo(RouteClass.AUTH);
		assertThat(RouteClass.of("POST", "/api/v1/auth/test-login")).isEqualTo(RouteClass.AUTH);
		assertThat(RouteClass.of("GET", "/oauth2/authorization/oidc")).isEqualTo(RouteClass.AUTH);
		assertThat(RouteClass.of("GET", "/login/oauth2/code/oidc")).isEqualTo(RouteClass.AUTH);
		assertThat(RouteClass.of("POST", "/api/v1/tokens")).isEqualTo(RouteClass.AUTH);
		assertThat(RouteClass.of("DELETE", "/api/v1/tokens/t1")).isEqualTo(RouteClass.AUTH);
		assertThat(RouteClass.of("GET", "/loginpage")).as("a prefix, not a path segment").isEqualTo(RouteClass.READ);
	}

	@Test
	void healthProbesAreNeverLimited() {
		assertThat(RouteClass.of("GET", "/actuator/health")).isNull();
		assertThat(RouteClass.of("GET", "/actuator/health/liveness")).isNull();
	}

}
