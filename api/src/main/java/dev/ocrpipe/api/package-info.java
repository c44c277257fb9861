/**
 * The ocrpipe web API, organised in feature packages: {@code uploads}, {@code jobs},
 * {@code dispatch} and the cross-cutting {@code system}.
 */
package dev.ocrpipe.api;
