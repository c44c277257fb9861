package dev.ocrpipe.api.system;

/**
 * The owner of the current request: the one seam that authentication will replace, so that every
 * write records and every read filters by the same owner.
 */
@FunctionalInterface
public interface CurrentOwner {

	String id();

}
