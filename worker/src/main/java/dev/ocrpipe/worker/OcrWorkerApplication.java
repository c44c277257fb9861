package dev.ocrpipe.worker;

import sun.misc.Signal;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

import dev.ocrpipe.migrations.MigrationsConfiguration;

/**
 * The ocrpipe worker: plans submitted documents into pages and recognises each page. Run as many
 * as the OCR quota allows; they share work through Kafka consumer groups and MongoDB.
 */
@SpringBootApplication
@Import(MigrationsConfiguration.class)
@ConfigurationPropertiesScan
@EnableScheduling
public class OcrWorkerApplication {

	public static void main(String[] args) {
		// SIGTERM is how an orchestrator asks a worker to leave: shut down gracefully (the shutdown
		// hook closes the context: stop taking pages, finish or hand back those in flight) and exit 0,
		// not the JVM's 143 for a signal, so a planned stop does not look like a crash
		Signal.handle(new Signal("TERM"), (signal) -> System.exit(0));
		SpringApplication.run(OcrWorkerApplication.class, args);
	}

}
