package dev.ocrpipe.api.system;

/**
 * The owner of the current request: the one seam that authentication will replace, so that every
 * write records and every read filters by the same owner.
 */
@FunctionalInterface
public interface CurrentOwner {

	String id();

	/** Whether the caller holds the admin role: sees every owner's jobs and the ops views. */
	default boolean admin() {
		return false;
	}

}
