package dev.ocrpipe.api.auth;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who is an admin: subjects match exactly (an OIDC {@code sub} is case-sensitive), verified
 * e-mail addresses without case.
 */
class AdminsTests {

	private final Admins admins = new Admins(properties(" https://id.example.com#AbC ", "Ops@Example.com", "root"));

	@Test
	void subjectsMatchExactly() {
		assertThat(this.admins.roles("https://id.example.com#AbC", null, false)).contains(Identity.ADMIN);
		assertThat(this.admins.roles("root", null, false)).contains(Identity.ADMIN);
		assertThat(this.admins.roles("https://id.example.com#abc", null, false)).containsExactly(Identity.USER);
		assertThat(this.admins.roles("https://ID.example.com#AbC", null, false)).containsExactly(Identity.USER);
		assertThat(this.admins.roles("Root", null, false)).containsExactly(Identity.USER);
	}

	@Test
	void verifiedEmailsMatchWithoutCase() {
		assertThat(this.admins.roles("https://id.example.com#someone", "ops@example.com", false))
			.contains(Identity.ADMIN);
		assertThat(this.admins.roles("https://id.example.com#someone", "OPS@EXAMPLE.COM", false))
			.contains(Identity.ADMIN);
		// an unverified address is passed as null by the login
		assertThat(this.admins.roles("https://id.example.com#someone", null, false)).containsExactly(Identity.USER);
		assertThat(this.admins.roles("https://id.example.com#someone", "root", false)).containsExactly(Identity.USER);
	}

	@Test
	void theTestLoginsAdminFlagStillGrantsIt() {
		assertThat(this.admins.roles("anyone", null, true)).isEqualTo(Set.of(Identity.USER, Identity.ADMIN));
	}

	private static AuthProperties properties(String... admins) {
		return new AuthProperties(true, Duration.ofMinutes(30), Duration.ofHours(12), Duration.ofMinutes(1),
				"development-secret-development-secret", 50, 365, 30, List.of(admins), null, "local", "Local user");
	}

}
