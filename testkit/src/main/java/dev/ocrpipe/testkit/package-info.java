/**
 * Test support shared by every module's tests, so that sample documents and the test database are
 * made one way everywhere. Never a runtime dependency.
 */
package dev.ocrpipe.testkit;
