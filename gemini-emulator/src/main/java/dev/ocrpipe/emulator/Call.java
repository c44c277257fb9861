package dev.ocrpipe.emulator;

import java.time.Instant;

/**
 * One {@code generateContent} request as the emulator understood it, so tests can assert what
 * the client really sent.
 *
 * @param seq the call's number since start or the last reset, starting at 1
 * @param model the model named in the path, such as {@code gemini-2.5-flash}
 * @param apiVersion the API version in the path ({@code v1}, {@code v1beta} or
 * {@code v1alpha})
 * @param apiKey the {@code x-goog-api-key} header (or {@code key} query parameter)
 * @param prompt the text parts of the contents, joined by newlines ({@code ""} if none)
 * @param systemInstruction the text of the system instruction, or {@code null} if none was sent
 * @param mimeType the MIME type of the first inline image
 * @param image the bytes of the first inline image; {@code null} once the call is old (only the
 * latest calls keep their bytes, to bound memory in load tests)
 * @param imageSha256 the lower-case hex SHA-256 of the image bytes
 * @param receivedAt when the request arrived
 * @param generationConfig the {@code generationConfig} object as JSON text exactly as sent
 * (camelCase or snake_case keys), or {@code null} if none was sent
 */
public record Call(int seq, String model, String apiVersion, String apiKey, String prompt, String systemInstruction,
		String mimeType, byte[] image, String imageSha256, Instant receivedAt, String generationConfig) {

	/**
	 * Creates a call without a generation config, for tests that build calls by hand.
	 * @param seq see the record components
	 * @param model see the record components
	 * @param apiVersion see the record components
	 * @param apiKey see the record components
	 * @param prompt see the record components
	 * @param systemInstruction see the record components
	 * @param mimeType see the record components
	 * @param image see the record components
	 * @param imageSha256 see the record components
	 * @param receivedAt see the record components
	 */
	public Call(int seq, String model, String apiVersion, String apiKey, String prompt, String systemInstruction,
			String mimeType, byte[] image, String imageSha256, Instant receivedAt) {
		this(seq, model, apiVersion, apiKey, prompt, systemInstruction, mimeType, image, imageSha256, receivedAt, null);
	}

	Call withoutImage() {
		return new Call(this.seq, this.model, this.apiVersion, this.apiKey, this.prompt, this.systemInstruction,
				this.mimeType, null, this.imageSha256, this.receivedAt, this.generationConfig);
	}

	@Override
	public String toString() {
		return "Call[seq=" + this.seq + ", model=" + this.model + ", apiVersion=" + this.apiVersion + ", mimeType="
				+ this.mimeType + ", imageBytes=" + ((this.image != null) ? this.image.length : "dropped")
				+ ", imageSha256=" + this.imageSha256 + ", receivedAt=" + this.receivedAt + "]";
	}

}
