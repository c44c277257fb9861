package dev.ocrpipe.api.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Refuses to start the API in the {@code prod} profile with a setting that is only safe on a
 * developer's machine, naming the setting. Runs before any bean is created (so nothing connects,
 * migrates or listens first).
 */
public class ProductionGuard implements BeanFactoryPostProcessor, EnvironmentAware {

	static final String PROFILE = "prod";

	/**
	 * The default of {@code ocr.api.auth.token-secret}, good enough for a developer's machine and
	 * refused by the {@code prod} profile: whoever knows it can compute token hashes.
	 */
	public static final String DEVELOPMENT_TOKEN_SECRET = "insecure-development-token-secret-change-me";

	/** A shorter secret is guessable offline from one leaked token hash. */
	static final int MIN_TOKEN_SECRET_LENGTH = 32;

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		if (this.environment.matchesProfiles(PROFILE)) {
			check(this.environment);
		}
	}

	/**
	 * @throws IllegalStateException naming every unsafe setting
	 */
	static void check(Environment environment) {
		Binder binder = Binder.get(environment);
		List<String> problems = new ArrayList<>();
		List<String> origins = binder.bind("ocr.api.cors.allowed-origins", Bindable.listOf(String.class))
			.orElse(List.of());
		if (origins.stream().anyMatch((origin) -> origin.trim().equals("*"))) {
			problems.add("ocr.api.cors.allowed-origins must list origins, not '*' (OCR_API_CORS_ALLOWEDORIGINS)");
		}
		List<String> plain = origins.stream()
			.map(String::trim)
			.filter((origin) -> origin.regionMatches(true, 0, "http://", 0, 7))
			.toList();
		if (!plain.isEmpty()) {
			// credentials (the session cookie) are allowed to listed origins: one served over plain
			// http can be impersonated by anyone on its network path
			problems.add("ocr.api.cors.allowed-origins must be https origins, not " + String.join(", ", plain)
					+ " (OCR_API_CORS_ALLOWEDORIGINS)");
		}
		List<String> proxies = binder
			.bind("ocr.api.client-address.trusted-proxies", Bindable.listOf(String.class))
			.orElse(List.of())
			.stream()
			.filter((entry) -> !entry.isBlank())
			.toList();
		if (proxies.isEmpty()) {
			// unset looks like "no proxy", and behind a load balancer that makes every client one
			// address: one rate-limit budget for all, and audit naming the balancer
			problems.add("ocr.api.client-address.trusted-proxies must be set: the addresses or CIDR blocks of the "
					+ "proxies / load balancers in front of the API, or 'none' when clients connect directly "
					+ "(OCR_API_CLIENTADDRESS_TRUSTEDPROXIES)");
		}
		if (binder.bind("ocr.api.test-mode", Boolean.class).orElse(false)) {
			problems.add("ocr.api.test-mode must be false (TEST_MODE / OCR_API_TESTMODE)");
		}
		String tokenSecret = binder.bind("ocr.api.auth.token-secret", String.class).orElse("").trim();
		if (tokenSecret.isEmpty() || tokenSecret.equals(DEVELOPMENT_TOKEN_SECRET)
				|| tokenSecret.length() < MIN_TOKEN_SECRET_LENGTH) {
			problems.add("ocr.api.auth.token-secret must be set to a random secret of at least "
					+ MIN_TOKEN_SECRET_LENGTH + " characters, not the development default (OCR_API_AUTH_TOKENSECRET)");
		}
		if (!binder.bind("ocr.api.auth.secure-cookie", Boolean.class).orElse(true)) {
			problems.add("ocr.api.auth.secure-cookie must be true: session cookies only over HTTPS "
					+ "(OCR_API_AUTH_SECURECOOKIE)");
		}
		problems.addAll(unsafeCommonSettings(binder));
		if (!problems.isEmpty()) {
			throw new IllegalStateException(
					"Refusing to start with the '" + PROFILE + "' profile: " + String.join("; ", problems));
		}
	}

	/**
	 * The checks the worker makes too: no DEBUG/TRACE logging of the root or our own loggers (it
	 * logs document text and request details), and actuator never showing property values.
	 */
	static List<String> unsafeCommonSettings(Binder binder) {
		List<String> problems = new ArrayList<>();
		Map<String, String> levels = binder.bind("logging.level", Bindable.mapOf(String.class, String.class))
			.orElse(Map.of());
		levels.forEach((logger, level) -> {
			boolean ours = logger.equalsIgnoreCase("root") || logger.equals("dev") || logger.startsWith("dev.ocrpipe");
			String upper = level.trim().toUpperCase(Locale.ROOT);
			if (ours && (upper.equals("DEBUG") || upper.equals("TRACE") || upper.equals("ALL"))) {
				problems.add("logging.level." + logger + " must not be " + upper);
			}
		});
		for (String endpoint : List.of("env", "configprops")) {
			String key = "management.endpoint." + endpoint + ".show-values";
			if ("ALWAYS".equalsIgnoreCase(binder.bind(key, String.class).orElse("NEVER").trim())) {
				problems.add(key + " must not be ALWAYS");
			}
		}
		return problems;
	}

}
