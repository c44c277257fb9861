package dev.ocrpipe.common.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which settings hold secrets, so that both applications mask the same ones in actuator output
 * whatever {@code show-values} says: keys naming a secret in any spelling Boot binds
 * ({@code token-secret}, {@code tokenSecret}, {@code OCR_API_AUTH_TOKENSECRET}, {@code api-key}),
 * environment variables named the usual way for secrets ({@code GOOGLE_API_KEY}, {@code *_KEY},
 * {@code *_TOKEN}, {@code *_SECRET}, {@code *_PASSWORD}), JAAS configurations, and URIs that carry
 * a user's password.
 */
public final class SecretSettings {

	private static final Pattern SECRET_KEY = Pattern
		.compile(".*(api-?key|secret|password|passwd|credentials?|jaas\\.config|jaas_config|access-?token|auth-?token|_key|_token)$");

	private static final Pattern URI_WITH_USER_INFO = Pattern.compile("^[a-z][a-z0-9+.-]*://[^/@\\s]+@.*",
			Pattern.CASE_INSENSITIVE);

	private SecretSettings() {
	}

	/** Whether the value of the setting {@code key} is a secret. */
	public static boolean isSecret(String key, Object value) {
		if (key != null && SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches()) {
			return true;
		}
		return value instanceof CharSequence text && URI_WITH_USER_INFO.matcher(text).matches();
	}

}
