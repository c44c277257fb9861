package dev.ocrpipe.api.uploads;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import dev.ocrpipe.api.audit.AuditAction;
import dev.ocrpipe.api.audit.AuditEntry;
import dev.ocrpipe.api.audit.AuditLog;
import dev.ocrpipe.api.audit.AuditTarget;
import dev.ocrpipe.api.dispatch.JobPublisher;
import dev.ocrpipe.api.jobs.JobRepository;
import dev.ocrpipe.api.jobs.JobView;
import dev.ocrpipe.api.jobs.NewJob;
import dev.ocrpipe.api.system.ApiProblem;
import dev.ocrpipe.api.system.CurrentOwner;
import dev.ocrpipe.api.system.ProblemCode;
import dev.ocrpipe.common.events.JobSubmitted;
import dev.ocrpipe.common.jobs.DocumentType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accepts an upload request whole or not at all: validates every file (size, magic bytes,
 * declared type and extension), then stores each in GridFS with its job, then publishes
 * {@code JobSubmitted} for each.
 */
@Service
class Uploads {

	private static final Logger log = LoggerFactory.getLogger(Uploads.class);

	/** Declared content types that say nothing about the content, so they cannot disagree with it. */
	private static final List<String> GENERIC_TYPES = List.of("application/octet-stream", "binary/octet-stream",
			"application/binary", "application/unknown", "application/x-download", "application/force-download");

	private final UploadProperties properties;

	private final UploadStore store;

	private final JobRepository jobs;

	private final JobPublisher publisher;

	private final CurrentOwner owner;

	private final Clock clock;

	private final UploadMetrics metrics;

	private final IdempotencyStore idempotency;

	private final JsonMapper json;

	private final Admission admission;

	private final AuditLog audit;

	private final OwnerQuotas quotas;

	Uploads(UploadProperties properties, UploadStore store, JobRepository jobs, JobPublisher publisher,
			CurrentOwner owner, Clock clock, UploadMetrics metrics, IdempotencyStore idempotency, JsonMapper json,
			Admission admission, AuditLog audit, OwnerQuotas quotas) {
		this.properties = properties;
		this.store = store;
		this.jobs = jobs;
		this.publisher = publisher;
		this.owner = owner;
		this.clock = clock;
		this.metrics = metrics;
		this.idempotency = idempotency;
		this.json = json;
		this.admission = admission;
		this.audit = audit;
		this.quotas = quotas;
	}

	/**
	 * Validates, stores and submits the files of one request. With an idempotency key, the key is
	 * claimed before anything is stored, and a request seen before gets its first answer again.
	 * @return the answer: the job (one file) or the batch, and where it lives
	 */
	Answer accept(List<? extends IncomingFile> files, String requestId, IdempotencyKey key) {
		List<Checked> checked;
		try {
			checked = validate(files);
		}
		catch (Rejected rejected) {
			this.metrics.rejected(rejected.problem.code(), rejected.type);
			throw rejected.problem;
		}
		String owner = this.owner.id();
		IdempotencyStore.Claim claim = null;
		if (key != null) {
			try {
				claim = this.idempotency.claim(owner, key, fingerprint(checked));
			}
			catch (ApiProblem problem) {
				this.metrics.idempotency(problem.code().name());
				throw problem;
			}
			if (claim.replay()) {
				this.metrics.idempotency("REPLAYED");
				return new Answer(true, URI.create(claim.location()), claim.response());
			}
		}
		Answer answer;
		List<String> jobIds;
		try {
			this.quotas.checkBacklog(owner, checked.size());
			this.admission.check();
			String batchId = (checked.size() > 1) ? new ObjectId().toHexString() : null;
			Instant now = this.clock.instant();
			List<NewJob> created = store(checked, owner, batchId, requestId, now);
			List<JobSubmitted> messages = created.stream()
				.map((job) -> new JobSubmitted(job.id(), owner, job.uploadId(), job.type(), requestId, now))
				.toList();
			created.forEach((job) -> this.metrics.accepted(job.type()));
			this.publisher.publish(messages, "upload");
			// one event per job created; a replay (above) created none and records none
			created.forEach(this::audit);
			jobIds = created.stream().map(NewJob::id).toList();
			answer = answer(batchId, this.jobs.views(jobIds, owner));
		}
		catch (RuntimeException ex) {
			if (claim != null) {
				this.idempotency.release(claim);
			}
			throw ex;
		}
		if (claim == null) {
			return answer;
		}
		// the first answer is the stored text itself, so a replay is byte for byte the same body
		String body = this.json.writeValueAsString(answer.body());
		this.idempotency.complete(claim, body, answer.location().toString(), jobIds);
		return new Answer(false, answer.location(), body);
	}

	/**
	 * Validates, stores and submits the documents of a base64 JSON request, decoded into spool
	 * files while it was read ({@link Base64Requests}).
	 */
	Answer acceptBase64(Base64Upload request, String requestId, IdempotencyKey key) {
		if (request.mixed()) {
			this.metrics.rejected(ProblemCode.VALIDATION_FAILED, null);
			throw new ApiProblem(ProblemCode.VALIDATION_FAILED, "Send either filename and contentBase64, or files; not both.",
					Map.of("errors",
							List.of(Map.of("field", "files", "message", "must be absent when contentBase64 is given"))));
		}
		return accept(request.files(), requestId, key);
	}

	private void audit(NewJob job) {
		this.audit.record(AuditEntry.success(AuditAction.UPLOAD, AuditTarget.job(job.id()))
			.with("batchId", job.batchId())
			.with("type", job.type())
			.with("sizeBytes", job.sizeBytes()));
	}

	private static Answer answer(String batchId, List<JobView> views) {
		if (batchId == null) {
			JobView job = views.get(0);
			return new Answer(false, URI.create(job.links().self()), job);
		}
		return new Answer(false, URI.create("/api/v1/batches/" + batchId), new BatchAccepted(batchId, views));
	}

	private static String fingerprint(List<Checked> checked) {
		Fingerprint fingerprint = new Fingerprint();
		for (Checked file : checked) {
			try (InputStream in = file.file().open()) {
				fingerprint.add(file.name(), file.file().size(), in);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not read an upload to fingerprint it", ex);
			}
		}
		return fingerprint.hex();
	}

	private List<Checked> validate(List<? extends IncomingFile> files) {
		if (files.isEmpty()) {
			throw new Rejected(problem(ProblemCode.NO_FILE, "The request carries no file in the field 'file'."), null);
		}
		if (files.size() > this.properties.maxFiles()) {
			throw new Rejected(problem(ProblemCode.TOO_MANY_FILES,
					"The request carries " + files.size() + " files; at most " + this.properties.maxFiles()
							+ " are accepted per request.",
					Map.of("maxFiles", this.properties.maxFiles())), null);
		}
		long maxFile = this.properties.maxFileSize().toBytes();
		long total = 0;
		for (int i = 0; i < files.size(); i++) {
			IncomingFile file = files.get(i);
			String name = FileNames.sanitise(file.originalName());
			if (!file.decodable()) {
				throw new Rejected(fileProblem(ProblemCode.INVALID_BASE64, i, name,
						"The content of " + name + " is not valid base64."), null);
			}
			if (file.size() == 0) {
				throw new Rejected(fileProblem(ProblemCode.FILE_EMPTY, i, name, "File " + name + " is empty."), null);
			}
			if (file.size() > maxFile) {
				throw new Rejected(fileProblem(ProblemCode.FILE_TOO_LARGE, i, name,
						"File " + name + " has " + file.size() + " bytes; at most " + maxFile + " are accepted."),
						null);
			}
			total += file.size();
		}
		long maxRequest = this.properties.maxRequestSize().toBytes();
		if (total > maxRequest) {
			throw new Rejected(problem(ProblemCode.REQUEST_TOO_LARGE,
					"The files add up to " + total + " bytes; at most " + maxRequest + " are accepted per request.",
					Map.of("maxRequestSize", maxRequest)), null);
		}
		List<Checked> checked = new ArrayList<>(files.size());
		for (int i = 0; i < files.size(); i++) {
			checked.add(check(files.get(i), i));
		}
		return checked;
	}

	private Checked check(IncomingFile file, int index) {
		String name = FileNames.sanitise(file.originalName());
		byte[] head;
		try (InputStream in = file.open()) {
			head = in.readNBytes(DocumentType.SNIFF_LENGTH);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read upload " + index, ex);
		}
		Optional<DocumentType> sniffed = DocumentType.sniff(head);
		if (sniffed.isEmpty()) {
			throw new Rejected(fileProblem(ProblemCode.UNSUPPORTED_MEDIA_TYPE, index, name,
					"File " + name + " is not a PDF, PNG, JPEG or TIFF document (judged by its content)."), null);
		}
		DocumentType type = sniffed.get();
		String declared = file.declaredType();
		if (declared != null && !declared.isBlank() && !isGeneric(declared)) {
			Optional<DocumentType> declaredType = DocumentType.fromMediaType(declared);
			if (declaredType.isEmpty() || declaredType.get() != type) {
				throw new Rejected(fileProblem(ProblemCode.MEDIA_TYPE_MISMATCH, index, name, "File " + name
						+ " is declared as " + declared + " but its content is " + type.mediaType() + "."), type);
			}
		}
		Optional<String> extension = FileNames.extension(name);
		if (extension.isPresent()) {
			String ext = extension.get();
			boolean ours = java.util.Arrays.stream(DocumentType.values()).anyMatch((t) -> t.hasExtension(ext));
			if ((ours && !type.hasExtension(ext)) || FileNames.isOtherKnownExtension(ext)) {
				throw new Rejected(fileProblem(ProblemCode.MEDIA_TYPE_MISMATCH, index, name, "File " + name
						+ " is named ." + ext + " but its content is " + type.mediaType() + "."), type);
			}
		}
		return new Checked(file, name, type);
	}

	private List<NewJob> store(List<Checked> checked, String owner, String batchId, String requestId, Instant now) {
		List<NewJob> created = new ArrayList<>(checked.size());
		List<String> storedUploads = new ArrayList<>();
		try {
			for (Checked file : checked) {
				String jobId = new ObjectId().toHexString();
				UploadStore.Stored stored;
				try (InputStream in = file.file().open()) {
					stored = this.store.save(jobId, owner, file.name(), file.type(), in,
							this.properties.maxFileSize().toBytes());
				}
				storedUploads.add(stored.uploadId());
				NewJob job = new NewJob(jobId, owner, batchId, file.name(), file.type(), stored.size(),
						stored.sha256(), stored.uploadId(), requestId, now);
				this.jobs.insert(job);
				created.add(job);
			}
			return created;
		}
		catch (IOException | RuntimeException ex) {
			undo(created, storedUploads);
			if (ex instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new UncheckedIOException(ex.getMessage(), (IOException) ex);
		}
	}

	/**
	 * Best effort: a request that failed while storing leaves nothing behind, so it stays rejected
	 * whole. What cannot be removed now is orphaned and left to retention.
	 */
	private void undo(List<NewJob> created, List<String> storedUploads) {
		for (NewJob job : created) {
			try {
				this.jobs.delete(job.id());
			}
			catch (RuntimeException ex) {
				log.warn("Could not remove job {} of a failed upload: {}", job.id(), ex.toString());
			}
		}
		for (String uploadId : storedUploads) {
			try {
				this.store.delete(uploadId);
			}
			catch (RuntimeException ex) {
				log.warn("Could not remove upload {} of a failed request: {}", uploadId, ex.toString());
			}
		}
	}

	private static boolean isGeneric(String declared) {
		String base = declared.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
		return GENERIC_TYPES.contains(base);
	}

	private static ApiProblem problem(ProblemCode code, String detail) {
		return new ApiProblem(code, detail);
	}

	private static ApiProblem problem(ProblemCode code, String detail, Map<String, Object> properties) {
		return new ApiProblem(code, detail, properties);
	}

	private static ApiProblem fileProblem(ProblemCode code, int index, String name, String detail) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("fileIndex", index);
		properties.put("filename", name);
		return new ApiProblem(code, detail, properties);
	}

	/**
	 * The answer to an upload request: its body (a {@link JobView}, a {@link BatchAccepted}, or the
	 * stored JSON text of a keyed request), where the created resource lives, and whether it is the
	 * replay of an earlier request with the same idempotency key.
	 */
	record Answer(boolean replayed, URI location, Object body) {
	}

	/**
	 * The answer to a multi-document upload.
	 */
	record BatchAccepted(String batchId, List<JobView> jobs) {
	}

	private record Checked(IncomingFile file, String name, DocumentType type) {
	}

	/** A validation failure, with the type of the offending file when known (for metrics). */
	private static final class Rejected extends RuntimeException {

		private final ApiProblem problem;

		private final DocumentType type;

		Rejected(ApiProblem problem, DocumentType type) {
			super(problem.getMessage(), null, false, false);
			this.problem = problem;
			this.type = type;
		}

	}

}
