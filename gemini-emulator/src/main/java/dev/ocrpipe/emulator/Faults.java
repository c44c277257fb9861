package dev.ocrpipe.emulator;

import java.time.Duration;

/**
 * Random faults applied to every call before the responder runs, so load and fault tests can
 * reproduce a slow, rate-limited or flaky Gemini.
 *
 * <p>
 * For each call one random number picks at most one fault: 429 with probability
 * {@code rate429}, else 503 with probability {@code rate503}, else a stall with probability
 * {@code rateStall}; otherwise the responder answers. {@code latency} is added to every call.
 *
 * @param latency extra wait before every answer ({@code null} means none)
 * @param rate429 probability of 429 RESOURCE_EXHAUSTED, 0 to 1
 * @param retryAfter the retry hint sent with injected 429s ({@code null} means 1 second)
 * @param rate503 probability of 503 UNAVAILABLE, 0 to 1
 * @param rateStall probability of a stall, 0 to 1
 * @param stall how long a stall holds the connection ({@code null} means 30 seconds)
 */
public record Faults(Duration latency, double rate429, Duration retryAfter, double rate503, double rateStall,
		Duration stall) {

	/**
	 * Checks the rates and fills in defaults.
	 * @param latency extra wait before every answer
	 * @param rate429 probability of 429
	 * @param retryAfter the retry hint sent with injected 429s
	 * @param rate503 probability of 503
	 * @param rateStall probability of a stall
	 * @param stall how long a stall holds the connection
	 */
	public Faults {
		latency = Delays.checked(latency);
		retryAfter = (retryAfter != null) ? Delays.checked(retryAfter) : Duration.ofSeconds(1);
		stall = (stall != null) ? Delays.checked(stall) : Duration.ofSeconds(30);
		checkRate("rate429", rate429);
		checkRate("rate503", rate503);
		checkRate("rateStall", rateStall);
		if (rate429 + rate503 + rateStall > 1.0 + 1e-9) {
			throw new IllegalArgumentException("The fault rates add up to more than 1");
		}
	}

	/**
	 * No faults: every call goes straight to the responder.
	 * @return faults that inject nothing
	 */
	public static Faults none() {
		return new Faults(Duration.ZERO, 0, null, 0, 0, null);
	}

	/**
	 * Tells whether any random fault can fire, so the common case skips the draw.
	 * @return {@code true} if a rate is above zero
	 */
	boolean random() {
		return this.rate429 > 0 || this.rate503 > 0 || this.rateStall > 0;
	}

	private static void checkRate(String name, double rate) {
		if (!(rate >= 0 && rate <= 1)) {
			throw new IllegalArgumentException(name + " must be between 0 and 1 but was " + rate);
		}
	}

}
