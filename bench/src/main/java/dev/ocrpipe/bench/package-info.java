/**
 * The benchmarks behind {@code ./run-bench}, kept out of the tests because timing goals are
 * figures to read, not assertions: pipeline throughput against the ideal, PDFBox rendering
 * against pdftoppm, and a worker's peak heap.
 */
package dev.ocrpipe.bench;
