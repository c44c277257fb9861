package dev.ocrpipe.api.auth;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * A real OpenID provider for tests: Spring Authorization Server as a small Boot application in
 * this JVM, with one confidential client (the API, PKCE required, no consent screen) and one user,
 * {@code alice}, whose ID token names her and carries a verified e-mail address.
 */
final class OidcProvider {

	static final String USER = "alice";

	static final String PASSWORD = "alice-password";

	private OidcProvider() {
	}

	static ConfigurableApplicationContext start(int port, String apiBase) {
		String client = "--spring.security.oauth2.authorizationserver.client.ocrpipe.";
		return new SpringApplicationBuilder(Provider.class).run("--spring.config.name=oidc-test-provider",
				"--server.port=" + port, "--spring.main.banner-mode=off",
				"--spring.security.oauth2.authorizationserver.issuer=http://127.0.0.1:" + port,
				client + "registration.client-id=ocrpipe", client + "registration.client-secret={noop}it-client-secret",
				client + "registration.client-authentication-methods=client_secret_basic",
				client + "registration.authorization-grant-types=authorization_code",
				client + "registration.redirect-uris=" + apiBase + "/login/oauth2/code/it",
				client + "registration.scopes=openid,profile,email", client + "require-authorization-consent=false",
				client + "require-proof-key=true", "--spring.security.user.name=" + USER,
				"--spring.security.user.password=" + PASSWORD,
				// this app needs none of the API's infrastructure
				"--management.health.mongodb.enabled=false", "--spring.kafka.admin.auto-create=false");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Provider {

		@Bean
		OAuth2TokenCustomizer<JwtEncodingContext> aliceClaims() {
			return (context) -> {
				if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
					context.getClaims()
						.claim("name", "Alice Example")
						.claim("email", "alice@example.com")
						.claim("email_verified", true);
				}
			};
		}

	}

}
