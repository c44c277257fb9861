/**
 * Configuration rules both applications apply the same way, such as which settings are secrets.
 */
package dev.ocrpipe.common.config;
