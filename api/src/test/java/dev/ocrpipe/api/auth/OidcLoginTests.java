package dev.ocrpipe.api.auth;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

import static org.assertj.core.api.Assertions.assertThat;

class OidcLoginTests {

	@Test
	void aRefusedLoginIsAuditedByItsOAuthErrorCodeNotByTheProvidersText() {
		OAuth2AuthenticationException refused = new OAuth2AuthenticationException(new OAuth2Error(
				"invalid_token_response", "token endpoint https://idp.internal:8443 said client_secret=s3cr3t", null));

		assertThat(OidcLogin.reasonCode(refused)).isEqualTo("invalid_token_response");
	}

	@Test
	void anythingElseIsAuditedAsAPlainRefusal() {
		assertThat(OidcLogin.reasonCode(new BadCredentialsException("jwks at https://idp.internal unreachable")))
			.isEqualTo("login_failed");
		assertThat(OidcLogin.reasonCode(new OAuth2AuthenticationException(
				new OAuth2Error("Error: <script>", "free text", null)))).isEqualTo("login_failed");
	}

}
