/**
 * A local stand-in for Gemini's {@code generateContent} REST endpoint, so tests, benchmarks and
 * the demo exercise the real google-genai client, including its errors, without the network.
 */
package dev.ocrpipe.emulator;
