package dev.ocrpipe.api;

import io.mongock.runner.springboot.EnableMongock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The web API of ocrpipe: accepts uploads, creates jobs, hands them to the workers over Kafka and
 * serves their status and results.
 */
@SpringBootApplication
@EnableMongock
@ConfigurationPropertiesScan
@EnableScheduling
public class OcrApiApplication {

	public static void main(String[] args) {
		SpringApplication.run(OcrApiApplication.class, args);
	}

}
