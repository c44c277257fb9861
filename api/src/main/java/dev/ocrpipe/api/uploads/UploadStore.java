package dev.ocrpipe.api.uploads;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.bson.BsonObjectId;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.stereotype.Component;

import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSUploadStream;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;

import dev.ocrpipe.common.jobs.DocumentType;

/**
 * Streams an upload into the GridFS {@code uploads} bucket under a server-chosen name, hashing
 * it on the way; the client's file name is kept only as metadata.
 */
@Component
class UploadStore {

	private static final int CHUNK_SIZE = 255 * 1024;

	private final GridFSBucket bucket;

	private final com.mongodb.client.MongoCollection<Document> files;

	UploadStore(GridFSBucket bucket, org.springframework.data.mongodb.MongoDatabaseFactory factory) {
		this.bucket = bucket;
		this.files = factory.getMongoDatabase().getCollection(bucket.getBucketName() + ".files");
	}

	/**
	 * Stores the content, at most {@code maxBytes} of it.
	 * @return the GridFS id, byte count and SHA-256 of what was stored
	 */
	Stored save(String jobId, String owner, String filename, DocumentType type, InputStream content, long maxBytes)
			throws IOException {
		ObjectId id = new ObjectId();
		Document metadata = new Document("jobId", jobId).append("owner", owner)
			.append("filename", filename)
			.append("type", type.name())
			.append("contentType", type.mediaType());
		MessageDigest sha256 = sha256();
		long size = 0;
		GridFSUploadStream out = this.bucket.openUploadStream(new BsonObjectId(id), jobId,
				new GridFSUploadOptions().chunkSizeBytes(CHUNK_SIZE).metadata(metadata));
		try {
			byte[] buffer = new byte[64 * 1024];
			int n;
			while ((n = content.read(buffer)) != -1) {
				size += n;
				if (size > maxBytes) {
					throw new IOException("Upload grew past " + maxBytes + " bytes while it was stored");
				}
				sha256.update(buffer, 0, n);
				out.write(buffer, 0, n);
			}
			out.close();
		}
		catch (IOException | RuntimeException ex) {
			out.abort();
			throw ex;
		}
		String hash = HexFormat.of().formatHex(sha256.digest());
		// the digest is known only once every byte is written, after GridFS wrote the files document
		this.files.updateOne(new Document("_id", id), new Document("$set", new Document("metadata.sha256", hash)));
		return new Stored(id.toHexString(), size, hash);
	}

	/**
	 * Removes a stored upload; only for undoing a request that failed half-way.
	 */
	void delete(String uploadId) {
		this.bucket.delete(new ObjectId(uploadId));
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM has SHA-256", ex);
		}
	}

	/**
	 * What was stored.
	 */
	record Stored(String uploadId, long size, String sha256) {
	}

}
