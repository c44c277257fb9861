package dev.ocrpipe.worker;

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
 * Refuses to start the worker in the {@code prod} profile with a setting that is only safe on a
 * developer's machine, naming the setting; runs before any bean is created. (Asking for the Gemini
 * engine without a key fails in every profile, in the OCR engine's configuration.)
 */
class ProductionGuard implements BeanFactoryPostProcessor, EnvironmentAware {

	static final String PROFILE = "prod";

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
		String engine = binder.bind("ocr.worker.engine", String.class).orElse("auto").trim();
		String key = binder.bind("ocr.worker.gemini.api-key", String.class).orElse("").trim();
		if (engine.equalsIgnoreCase("gemini") && key.isEmpty()) {
			problems.add("ocr.worker.gemini.api-key must be set when ocr.worker.engine=gemini (OCR_WORKER_GEMINI_APIKEY)");
		}
		if (!problems.isEmpty()) {
			throw new IllegalStateException(
					"Refusing to start with the '" + PROFILE + "' profile: " + String.join("; ", problems));
		}
	}

}
