package dev.ocrpipe.api.uploads;

import dev.ocrpipe.api.system.ProblemCode;
import dev.ocrpipe.common.jobs.DocumentType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The {@code ocr.uploads} counter: accepted documents by type, rejected requests by reason, so
 * operators see what clients send and why it bounces.
 */
class UploadMetrics {

	private final MeterRegistry registry;

	UploadMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void accepted(DocumentType type) {
		counter("accepted", type.name(), "none").increment();
	}

	void rejected(ProblemCode reason, DocumentType type) {
		counter("rejected", (type != null) ? type.name() : "unknown", reason.name()).increment();
	}

	/**
	 * A keyed upload that did not create jobs: replayed, or refused for its key.
	 */
	void idempotency(String outcome) {
		Counter.builder("ocr.uploads.idempotency")
			.description("Uploads with an Idempotency-Key answered from an earlier request, or refused for their key")
			.tag("outcome", outcome)
			.register(this.registry)
			.increment();
	}

	private Counter counter(String outcome, String type, String reason) {
		return Counter.builder("ocr.uploads")
			.description("Uploaded documents accepted, and upload requests rejected")
			.tag("outcome", outcome)
			.tag("type", type)
			.tag("reason", reason)
			.register(this.registry);
	}

}
