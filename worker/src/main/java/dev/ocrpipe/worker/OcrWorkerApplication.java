package dev.ocrpipe.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The ocrpipe worker: plans submitted documents into pages and recognises each page. Run as many
 * as the OCR quota allows; they share work through Kafka consumer groups and MongoDB.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class OcrWorkerApplication {

	public static void main(String[] args) {
		SpringApplication.run(OcrWorkerApplication.class, args);
	}

}
