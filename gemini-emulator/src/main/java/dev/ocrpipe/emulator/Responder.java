package dev.ocrpipe.emulator;

/**
 * Decides the emulator's answer to one {@code generateContent} call, so each test can script
 * exactly the behaviour it needs.
 *
 * <p>
 * Called concurrently from many request threads; implementations must be thread-safe.
 */
@FunctionalInterface
public interface Responder {

	/**
	 * Chooses the reply to a call.
	 * @param call what the client sent
	 * @return the reply; a thrown exception becomes a 500 INTERNAL answer
	 */
	Reply reply(Call call);

}
