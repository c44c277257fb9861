package dev.ocrpipe.worker.documents;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import com.mongodb.MongoGridFSException;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.GridFSDownloadStream;
import org.bson.types.ObjectId;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import dev.ocrpipe.common.jobs.ErrorCode;
import dev.ocrpipe.common.store.Collections;

/**
 * Gives local files for uploads stored in GridFS. The pages of one document share one copy, which
 * is downloaded once and kept among the most recently used; an evicted copy that is still open
 * stays readable until closed (the file is only unlinked).
 */
@Component
public class DocumentStore implements DisposableBean {

	private final GridFSBucket bucket;

	private final DocumentProperties properties;

	private final Path directory;

	private final Map<String, CompletableFuture<Path>> cache;

	DocumentStore(MongoTemplate mongo, DocumentProperties properties) throws IOException {
		this.bucket = GridFSBuckets.create(mongo.getDb(), Collections.UPLOADS_BUCKET);
		this.properties = properties;
		Path base = (properties.cacheDir() != null) ? Files.createDirectories(properties.cacheDir())
				: Path.of(System.getProperty("java.io.tmpdir"));
		this.directory = Files.createTempDirectory(base, "ocrpipe-documents-");
		this.cache = new LinkedHashMap<>(16, 0.75f, true);
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
			copy(in, target, limit);
			return target;
		}
		catch (MongoGridFSException ex) {
			throw new DocumentUnavailable(ErrorCode.UPLOAD_MISSING, "upload " + uploadId + " is not stored");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not copy upload " + uploadId, ex);
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
		Files.deleteIfExists(this.directory);
	}

}
