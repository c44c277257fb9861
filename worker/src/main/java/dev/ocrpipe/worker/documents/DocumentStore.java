package dev.ocrpipe.worker.documents;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import com.mongodb.MongoGridFSException;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.GridFSDownloadStream;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import dev.ocrpipe.common.jobs.ErrorCode;
import dev.ocrpipe.common.store.Collections;

/**
 * Gives local files for uploads stored in GridFS. The pages of one document share one copy, which
 * is downloaded once and kept among the most recently used; an evicted copy that is still open
 * stays readable until closed (the file is only unlinked).
 *
 * <p>
 * Each worker keeps its copies in a directory of its own ({@code ocrpipe-documents-*}) and holds a
 * lock on a file in it while it lives. A worker that crashed leaves its directory behind with the
 * lock released (the operating system drops a dead process's locks): the next worker to start on
 * the host removes such directories, never one whose owner still runs.
 */
@Component
public class DocumentStore implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(DocumentStore.class);

	static final String PREFIX = "ocrpipe-documents-";

	static final String LOCK = ".lock";

	/** A directory this young may belong to a worker starting right now, before it took its lock. */
	static final Duration YOUNG = Duration.ofMinutes(1);

	private final GridFSBucket bucket;

	private final DocumentProperties properties;

	private final Path directory;

	private final Map<String, CompletableFuture<Path>> cache;

	private final FileChannel lock;

	DocumentStore(MongoTemplate mongo, DocumentProperties properties) throws IOException {
		this.bucket = GridFSBuckets.create(mongo.getDb(), Collections.UPLOADS_BUCKET);
		this.properties = properties;
		Path base = (properties.cacheDir() != null) ? Files.createDirectories(properties.cacheDir())
				: Path.of(System.getProperty("java.io.tmpdir"));
		removeAbandoned(base, Instant.now());
		this.directory = Files.createTempDirectory(base, PREFIX);
		this.lock = FileChannel.open(this.directory.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
		// held for the life of this process: released by the operating system when it dies
		this.lock.lock();
		this.cache = new LinkedHashMap<>(16, 0.75f, true);
	}

	/**
	 * Removes the document directories of workers that are gone: those whose lock this process can
	 * take (a directory without a lock file was left by a crash before it took one), and not younger
	 * than {@link #YOUNG}.
	 */
	static void removeAbandoned(Path base, Instant now) {
		try (DirectoryStream<Path> candidates = Files.newDirectoryStream(base, PREFIX + "*")) {
			for (Path candidate : candidates) {
				if (Files.isDirectory(candidate) && Files.getLastModifiedTime(candidate).toInstant().isBefore(now.minus(YOUNG))
						&& removeIfAbandoned(candidate)) {
					log.info("removed {}, left behind by a worker that is gone", candidate);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// leftovers cost disk space only: never a reason not to start
			log.warn("could not look for document copies left by crashed workers in {}: {}", base, ex.toString());
		}
	}

	private static boolean removeIfAbandoned(Path directory) throws IOException {
		try (FileChannel channel = FileChannel.open(directory.resolve(LOCK), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE)) {
			FileLock taken;
			try {
				taken = channel.tryLock();
			}
			catch (OverlappingFileLockException ex) {
				// held by a worker in this very JVM
				return false;
			}
			if (taken == null) {
				return false;
			}
			deleteTree(directory);
			return true;
		}
	}

	private static void deleteTree(Path directory) throws IOException {
		Files.walkFileTree(directory, new SimpleFileVisitor<>() {
			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
				Files.deleteIfExists(file);
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
				Files.deleteIfExists(dir);
				return FileVisitResult.CONTINUE;
			}
		});
	}

	/**
	 * A local copy of an upload.
	 * @throws DocumentUnavailable when the upload is missing or too large
	 */
	public Path fetch(String uploadId) {
		CompletableFuture<Path> future;
		boolean mine = false;
		synchronized (this.cache) {
			future = this.cache.get(uploadId);
			if (future == null) {
				future = new CompletableFuture<>();
				this.cache.put(uploadId, future);
				mine = true;
				evict();
			}
		}
		if (mine) {
			try {
				future.complete(download(uploadId));
			}
			catch (RuntimeException ex) {
				future.completeExceptionally(ex);
				synchronized (this.cache) {
					this.cache.remove(uploadId, future);
				}
			}
		}
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while fetching " + uploadId, ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

	/** Forget the local copy of an upload, e.g. once its job is planned or finished here. */
	public void release(String uploadId) {
		CompletableFuture<Path> removed;
		synchronized (this.cache) {
			removed = this.cache.remove(uploadId);
		}
		delete(removed);
	}

	private void evict() {
		var entries = this.cache.entrySet().iterator();
		while (this.cache.size() > this.properties.cachedDocuments() && entries.hasNext()) {
			var eldest = entries.next();
			if (eldest.getValue().isDone()) {
				entries.remove();
				delete(eldest.getValue());
			}
		}
	}

	private Path download(String uploadId) {
		if (!ObjectId.isValid(uploadId)) {
			throw new DocumentUnavailable(ErrorCode.UPLOAD_MISSING, "upload id " + uploadId + " is not valid");
		}
		long limit = this.properties.maxSize().toBytes();
		Path target = this.directory.resolve(uploadId);
		try (GridFSDownloadStream in = this.bucket.openDownloadStream(new ObjectId(uploadId))) {
			long length = in.getGridFSFile().getLength();
			if (length > limit) {
				throw new DocumentUnavailable(ErrorCode.DOCUMENT_TOO_LARGE,
						"document has " + length + " bytes, the limit is " + limit);
			}
			copyOrDelete(in, target, limit);
			return target;
		}
		catch (MongoGridFSException ex) {
			throw new DocumentUnavailable(ErrorCode.UPLOAD_MISSING, "upload " + uploadId + " is not stored");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not copy upload " + uploadId, ex);
		}
	}

	/** Copies, and deletes what was written when the copy fails part way: no partial file stays. */
	private static void copyOrDelete(InputStream in, Path target, long limit) throws IOException {
		try {
			copy(in, target, limit);
		}
		catch (IOException | RuntimeException | Error ex) {
			try {
				Files.deleteIfExists(target);
			}
			catch (IOException suppressed) {
				ex.addSuppressed(suppressed);
			}
			throw ex;
		}
	}

	private static void copy(InputStream in, Path target, long limit) throws IOException {
		byte[] buffer = new byte[64 * 1024];
		long total = 0;
		try (OutputStream out = Files.newOutputStream(target)) {
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
				total += n;
				if (total > limit) {
					throw new DocumentUnavailable(ErrorCode.DOCUMENT_TOO_LARGE, "document exceeds " + limit + " bytes");
				}
				out.write(buffer, 0, n);
			}
		}
	}

	private static void delete(CompletableFuture<Path> copy) {
		if (copy != null && copy.isDone() && !copy.isCompletedExceptionally()) {
			try {
				Files.deleteIfExists(copy.join());
			}
			catch (IOException ex) {
				// a temp file we could not delete is not worth failing a page for
			}
		}
	}

	@Override
	public void destroy() throws IOException {
		synchronized (this.cache) {
			this.cache.values().forEach(DocumentStore::delete);
			this.cache.clear();
		}
		deleteTree(this.directory);
		this.lock.close();
	}

}
