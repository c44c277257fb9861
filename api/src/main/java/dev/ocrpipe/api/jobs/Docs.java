package dev.ocrpipe.api.jobs;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bson.Document;

/**
 * Lenient reads of BSON values written by another process (the worker may store ints or longs,
 * dates or instants), so a view never fails on a representation detail.
 */
final class Docs {

	private Docs() {
	}

	static Document sub(Document parent, String key) {
		Object value = parent.get(key);
		return (value instanceof Document document) ? document : new Document();
	}

	static Instant instant(Object value) {
		if (value instanceof Date date) {
			return date.toInstant();
		}
		if (value instanceof Instant instant) {
			return instant;
		}
		return null;
	}

	static int integer(Object value) {
		return (value instanceof Number number) ? number.intValue() : 0;
	}

	static long longValue(Object value) {
		return (value instanceof Number number) ? number.longValue() : 0L;
	}

	static Long longOrNull(Object value) {
		return (value instanceof Number number) ? number.longValue() : null;
	}

	static String string(Object value) {
		return (value != null) ? value.toString() : null;
	}

	static List<String> strings(Object value) {
		if (value instanceof List<?> list) {
			return list.stream().filter(java.util.Objects::nonNull).map(Object::toString).toList();
		}
		return List.of();
	}

}
