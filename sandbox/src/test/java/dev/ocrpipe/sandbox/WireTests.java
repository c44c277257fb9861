package dev.ocrpipe.sandbox;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.ocrpipe.common.jobs.DocumentType;
import dev.ocrpipe.common.jobs.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Frames survive the trip, and the worker refuses what an untrusted process may not send.
 */
class WireTests {

	@Test
	void requestsAndResponsesRoundTrip() throws IOException {
		Request page = new Request.Page(Path.of("/tmp/a b.pdf"), DocumentType.PDF, 7,
				new PageLimits(200, 100, 40_000_000, 1 << 25, 1 << 26, 25));
		assertThat(Wire.readRequest(in(out((data) -> Wire.write(page, data))))).isEqualTo(page);
		Response refused = new Response.Refused(ErrorCode.PAGE_TOO_LARGE, "Page 7 is too large – sorry.");
		assertThat(Wire.readResponse(in(out((data) -> Wire.write(refused, data))), 0)).isEqualTo(refused);
		Response.Raster raster = (Response.Raster) Wire.readResponse(
				in(out((data) -> Wire.write(new Response.Raster(3, 2, 200, 0.5, "layer", new byte[] { 1, 2, 3, 4, 5, 6 }),
						data))),
				6);
		assertThat(raster.pixels()).containsExactly(1, 2, 3, 4, 5, 6);
		assertThat(raster.textLayer()).isEqualTo("layer");
	}

	@Test
	void aRasterOverThePixelCapIsAProtocolViolation() throws IOException {
		byte[] frame = out((data) -> Wire.write(new Response.Raster(3, 2, 200, 0.5, "", new byte[6]), data));
		assertThatExceptionOfType(Wire.ProtocolViolation.class).isThrownBy(() -> Wire.readResponse(in(frame), 5));
	}

	@Test
	void garbageIsAProtocolViolation() {
		assertThatExceptionOfType(Wire.ProtocolViolation.class)
			.isThrownBy(() -> Wire.readResponse(in("Terminating due to java.lang.OutOfMemoryError".getBytes()), 5));
	}

	@Test
	void theEndOfRequestsIsNull() throws IOException {
		assertThat(Wire.readRequest(in(new byte[0]))).isNull();
	}

	private interface Writer {

		void write(DataOutputStream out) throws IOException;

	}

	private static byte[] out(Writer writer) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		writer.write(new DataOutputStream(bytes));
		return bytes.toByteArray();
	}

	private static DataInputStream in(byte[] bytes) {
		return new DataInputStream(new ByteArrayInputStream(bytes));
	}

}
