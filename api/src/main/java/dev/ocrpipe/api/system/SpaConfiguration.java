package dev.ocrpipe.api.system;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.PathResourceResolver;

/**
 * Serves the single-page app (the {@code ocrpipe-frontend} jar's {@code static/}) from the API's
 * own origin, so its cookies, CSRF token and event streams need no CORS. Hashed build assets are
 * cached for a year (their names change with their content); {@code index.html} is revalidated on
 * every load, so a deployment reaches browsers at once. A path of the app's own routing
 * ({@code /jobs/…}, {@code /tokens}) answers {@code index.html}; the API, actuator and login routes
 * never do, so an unknown API path stays a problem+json 404.
 */
@Configuration(proxyBeanMethods = false)
class SpaConfiguration implements WebMvcConfigurer {

	static final String LOCATION = "classpath:/static/";

	/** Paths that belong to the server, never to the app's routing (relative, as resolvers see them). */
	static final List<String> SERVER_PREFIXES = List.of("api/", "actuator/", "oauth2/", "login/", "error");

	static final CacheControl IMMUTABLE = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler("/assets/**")
			.addResourceLocations(LOCATION + "assets/")
			.setCacheControl(IMMUTABLE)
			.resourceChain(true)
			.addResolver(new PathResourceResolver());
		registry.addResourceHandler("/**")
			.addResourceLocations(LOCATION)
			.setCacheControl(CacheControl.noCache())
			.resourceChain(true)
			.addResolver(new AppRoutes());
	}

	/**
	 * A file that exists, else {@code index.html} for a path the app routes itself: no server
	 * prefix and no file extension (a missing {@code /favicon.ico} stays a 404).
	 */
	static final class AppRoutes extends PathResourceResolver {

		@Override
		protected Resource getResource(String resourcePath, Resource location) throws IOException {
			Resource found = super.getResource(resourcePath, location);
			if (found != null || !isAppRoute(resourcePath)) {
				return found;
			}
			return super.getResource("index.html", location);
		}

		static boolean isAppRoute(String path) {
			if (SERVER_PREFIXES.stream().anyMatch((prefix) -> path.equals(prefix.replace("/", "")) || path.startsWith(prefix))) {
				return false;
			}
			String last = path.substring(path.lastIndexOf('/') + 1);
			return !last.contains(".");
		}

	}

}
