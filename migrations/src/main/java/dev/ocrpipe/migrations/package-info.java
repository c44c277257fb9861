/**
 * Versioned MongoDB migrations, shared by api and worker so that whichever starts first applies
 * them once, under a lock, and records them; never run in the request path.
 */
package dev.ocrpipe.migrations;
