package dev.ocrpipe.local;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs another main class and exits the JVM when the parent process dies, so that children of a
 * launcher killed with {@code kill -9} do not live on as orphans holding the stack's ports.
 *
 * <p>
 * The parent never writes to the child's stdin but keeps the pipe open; the operating system
 * closes it when the parent dies, however it dies, and the blocked read here returns end of
 * stream. The child then exits normally, so its shutdown hooks still run.
 */
public final class ParentWatch {

	/** Exit code of a child whose parent disappeared (like SIGTERM's 143). */
	static final int PARENT_GONE = 143;

	private ParentWatch() {
	}

	/**
	 * @param args the main class to run, then its arguments
	 * @throws Throwable whatever the wrapped main throws
	 */
	public static void main(String[] args) throws Throwable {
		if (args.length == 0) {
			throw new IllegalArgumentException("Usage: ParentWatch <main class> [args...]");
		}
		Thread.ofPlatform().name("parent-watch").daemon().start(ParentWatch::exitWhenParentDies);
		Method main = Class.forName(args[0]).getMethod("main", String[].class);
		try {
			main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	private static void exitWhenParentDies() {
		try {
			while (System.in.read() != -1) {
				// the parent sends nothing; anything read is ignored
			}
		}
		catch (IOException ex) {
			// a broken pipe means the same as end of stream
		}
		System.err.println("[parent-watch] the parent process is gone: shutting down");
		System.exit(PARENT_GONE);
	}

}
