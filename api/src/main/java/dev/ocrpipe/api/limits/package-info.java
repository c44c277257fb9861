/**
 * What the API accepts, for clients to check before they send ({@code GET /api/v1/limits}).
 */
package dev.ocrpipe.api.limits;
