package dev.ocrpipe.worker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.classreading.CachingMetadataReaderFactory;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker has no AspectJ on its classpath, so resilience4j's annotations ({@code @Bulkhead},
 * {@code @Retry}, ...) would be silently ignored (their metrics still appear, which hides it): the
 * OCR guard decorates calls through the registries instead, and no class may rely on an annotation
 * that needs an aspect.
 */
class ResilienceWithoutAspectsTests {

	@Test
	void aspectJIsNotOnTheClasspath() {
		assertThat(ClassUtils.isPresent("org.aspectj.lang.ProceedingJoinPoint", null)).isFalse();
	}

	@Test
	void noWorkerClassUsesAnAnnotationThatNeedsAnAspect() throws IOException {
		PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
		CachingMetadataReaderFactory readers = new CachingMetadataReaderFactory(resolver);
		Resource[] classes = resolver.getResources("classpath*:dev/ocrpipe/worker/**/*.class");
		List<String> offenders = new ArrayList<>();
		for (Resource type : classes) {
			AnnotationMetadata metadata = readers.getMetadataReader(type).getAnnotationMetadata();
			Stream.concat(metadata.getAnnotationTypes().stream(),
					metadata.getDeclaredMethods()
						.stream()
						.flatMap((method) -> method.getAnnotations().stream())
						.map((annotation) -> annotation.getType().getName()))
				.filter(ResilienceWithoutAspectsTests::needsAnAspect)
				.forEach((annotation) -> offenders.add(metadata.getClassName() + " uses @" + annotation));
		}

		assertThat(classes).as("worker classes found").hasSizeGreaterThan(50);
		assertThat(offenders).isEmpty();
	}

	private static boolean needsAnAspect(String annotation) {
		return annotation.startsWith("io.github.resilience4j.") || annotation.startsWith("org.aspectj.")
				|| annotation.equals("io.micrometer.core.annotation.Timed")
				|| annotation.equals("io.micrometer.core.annotation.Counted")
				|| annotation.equals("io.micrometer.observation.annotation.Observed");
	}

}
