/**
 * Names of the MongoDB collections and fields that api and worker both read and write. Each app
 * maps the documents it needs itself; these names are the schema they share, kept in one place so
 * the two cannot drift apart.
 */
package dev.ocrpipe.common.store;
