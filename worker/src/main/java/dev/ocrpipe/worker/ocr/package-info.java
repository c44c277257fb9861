/**
 * OCR engines behind one interface: Gemini through the google-genai SDK, and local Tesseract for
 * when no Gemini key is configured.
 */
package dev.ocrpipe.worker.ocr;
