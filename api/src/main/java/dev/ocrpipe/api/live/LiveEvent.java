package dev.ocrpipe.api.live;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One job event as streams handle it: the routing fields read from its JSON, and the JSON itself,
 * which clients receive unchanged.
 *
 * @param jobId the job
 * @param owner the job's owner
 * @param batchId the job's batch, or null
 * @param seq the per-job sequence number (the SSE id)
 * @param type the event type name ({@code PageFinished} …), the SSE event name
 * @param at when it was written, or null if the JSON has no readable time
 * @param json the event JSON on one line
 */
record LiveEvent(String jobId, String owner, String batchId, long seq, String type, Instant at, String json) {

	static final String JOB_FINISHED = "JobFinished";

	boolean finishesJob() {
		return JOB_FINISHED.equals(this.type);
	}

	/**
	 * Reads an event published to the job-events topic or stored in {@code job_events}.
	 * @throws IllegalArgumentException if it is not JSON or lacks job id, owner, seq or type
	 */
	static LiveEvent parse(JsonMapper mapper, String json) {
		JsonNode node;
		try {
			node = mapper.readTree(json);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("not JSON: " + ex.getOriginalMessage());
		}
		String jobId = text(node, "jobId");
		String owner = text(node, "owner");
		String type = text(node, "type");
		JsonNode seq = node.get("seq");
		if (jobId == null || owner == null || type == null || seq == null || !seq.canConvertToLong()
				|| seq.asLong() < 1) {
			throw new IllegalArgumentException("not a job event (jobId, owner, type and seq >= 1 are required)");
		}
		// SSE data must not span lines; JSON written by Jackson never does, but a pretty printer would
		String line = (json.indexOf('\n') >= 0 || json.indexOf('\r') >= 0) ? mapper.writeValueAsString(node) : json;
		return new LiveEvent(jobId, owner, text(node, "batchId"), seq.asLong(), type, instant(node.get("at")), line);
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString() && !value.asString().isBlank()) ? value.asString() : null;
	}

	private static Instant instant(JsonNode value) {
		if (value == null || value.isNull()) {
			return null;
		}
		if (value.isNumber()) {
			// epoch seconds with fraction, as Jackson writes instants as timestamps
			return Instant.ofEpochMilli(Math.round(value.asDouble() * 1000));
		}
		try {
			return Instant.parse(value.asString());
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
