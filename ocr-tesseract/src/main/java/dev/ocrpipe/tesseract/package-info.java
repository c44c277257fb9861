/**
 * Local OCR with Tesseract, so pages can be recognised without a Gemini key and tests and demos
 * get a real reading of an image without any network.
 */
package dev.ocrpipe.tesseract;
