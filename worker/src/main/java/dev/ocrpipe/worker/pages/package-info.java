/**
 * Page work: take a page task, render the page, keep its text layer when it is good, else
 * recognise it with the OCR engine, and record the outcome exactly once.
 */
package dev.ocrpipe.worker.pages;
