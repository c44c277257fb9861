package dev.ocrpipe.api.system;

/**
 * The owner of the current request (its authenticated caller, see the {@code auth} package), so
 * that every write records and every read filters by the same owner.
 */
@FunctionalInterface
public interface CurrentOwner {

	String id();

	/** Whether the caller holds the admin role: sees every owner's jobs and the ops views. */
	default boolean admin() {
		return false;
	}

}
