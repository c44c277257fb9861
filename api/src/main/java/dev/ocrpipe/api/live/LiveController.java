package dev.ocrpipe.api.live;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.ocrpipe.api.auth.SignedIn;
import dev.ocrpipe.api.jobs.JobSnapshots;
import dev.ocrpipe.api.system.CurrentOwner;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Server-Sent Events endpoints for live progress. {@code Last-Event-ID} may also be given as the
 * {@code lastEventId} query parameter, for clients that cannot set headers on a first connect. An
 * admin may follow another owner's job or batch; the all-jobs stream is always the caller's own.
 */
@RestController
class LiveController {

	static final MediaType TEXT_UTF8 = new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);

	private static final String LAST_EVENT_ID = "Last-Event-ID";

	private final LiveService live;

	private final CurrentOwner owner;

	private final JobSnapshots snapshots;

	private final SignedIn signedIn;

	LiveController(LiveService live, CurrentOwner owner, JobSnapshots snapshots, SignedIn signedIn) {
		this.live = live;
		this.owner = owner;
		this.snapshots = snapshots;
		this.signedIn = signedIn;
	}

	@GetMapping(path = "/api/v1/jobs/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	ResponseEntity<SseEmitter> job(@PathVariable String id,
			@RequestHeader(name = LAST_EVENT_ID, required = false) String lastEventId,
			@RequestParam(name = "lastEventId", required = false) String lastEventIdParam,
			HttpServletRequest request) {
		String owner = this.owner.admin() ? this.snapshots.ownerOf(id).orElse(this.owner.id()) : this.owner.id();
		return stream(this.live.job(id, owner, pick(lastEventId, lastEventIdParam), caller(request)));
	}

	@GetMapping(path = "/api/v1/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	ResponseEntity<SseEmitter> all(@RequestHeader(name = LAST_EVENT_ID, required = false) String lastEventId,
			@RequestParam(name = "lastEventId", required = false) String lastEventIdParam,
			HttpServletRequest request) {
		return stream(
				Optional.of(this.live.all(this.owner.id(), pick(lastEventId, lastEventIdParam), caller(request))));
	}

	@GetMapping(path = "/api/v1/batches/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	ResponseEntity<SseEmitter> batch(@PathVariable String id,
			@RequestHeader(name = LAST_EVENT_ID, required = false) String lastEventId,
			@RequestParam(name = "lastEventId", required = false) String lastEventIdParam,
			HttpServletRequest request) {
		String owner = this.owner.admin() ? this.snapshots.ownerOfBatch(id).orElse(this.owner.id()) : this.owner.id();
		return stream(this.live.batch(id, owner, pick(lastEventId, lastEventIdParam), caller(request)));
	}

	/*
	 * HEAD on a stream route says whether the stream is there without opening one: the GET
	 * mappings would answer HEAD by opening (and counting) a stream that nobody reads.
	 */

	@RequestMapping(method = RequestMethod.HEAD, path = "/api/v1/jobs/{id}/events",
			produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	ResponseEntity<Void> headJob(@PathVariable String id) {
		String owner = this.owner.admin() ? this.snapshots.ownerOf(id).orElse(this.owner.id()) : this.owner.id();
		this.live.jobExists(id, owner);
		return headAnswer();
	}

	@RequestMapping(method = RequestMethod.HEAD, path = "/api/v1/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	ResponseEntity<Void> headAll() {
		return headAnswer();
	}

	@RequestMapping(method = RequestMethod.HEAD, path = "/api/v1/batches/{id}/events",
			produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	ResponseEntity<Void> headBatch(@PathVariable String id) {
		String owner = this.owner.admin() ? this.snapshots.ownerOfBatch(id).orElse(this.owner.id()) : this.owner.id();
		this.live.batchExists(id, owner);
		return headAnswer();
	}

	private static ResponseEntity<Void> headAnswer() {
		return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).cacheControl(CacheControl.noStore()).build();
	}

	private LiveService.Caller caller(HttpServletRequest request) {
		return new LiveService.Caller(this.owner.id(), this.signedIn.stillValid(request));
	}

	private static String pick(String header, String param) {
		return (header != null && !header.isBlank()) ? header : param;
	}

	/**
	 * 204 when there is nothing more to stream (an EventSource then stops reconnecting); else the
	 * stream, marked uncacheable and unbuffered for proxies (nginx honours
	 * {@code X-Accel-Buffering}).
	 */
	private static ResponseEntity<SseEmitter> stream(Optional<SseEmitter> emitter) {
		if (emitter.isEmpty()) {
			return ResponseEntity.noContent().build();
		}
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.header("X-Accel-Buffering", "no")
			.body(emitter.get());
	}

}
