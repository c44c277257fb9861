package dev.ocrpipe.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

import dev.ocrpipe.migrations.MigrationsConfiguration;

/**
 * The web API of ocrpipe: accepts uploads, creates jobs, hands them to the workers over Kafka and
 * serves their status and results.
 */
@SpringBootApplication
@Import(MigrationsConfiguration.class)
@ConfigurationPropertiesScan
@EnableScheduling
public class OcrApiApplication {

	public static void main(String[] args) {
		SpringApplication.run(OcrApiApplication.class, args);
	}

}
