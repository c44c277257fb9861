/**
 * The decoding of untrusted documents (PDFBox, ImageIO), meant to run in a child process of the
 * worker that can run out of memory or be killed without harm, and the wire protocol the worker
 * speaks with it.
 */
package dev.ocrpipe.sandbox;
