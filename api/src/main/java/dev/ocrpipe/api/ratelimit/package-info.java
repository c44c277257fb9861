/**
 * Rate limits per caller and route class (upload, write, read, auth), counted in MongoDB so that
 * every API instance enforces the same budget; over it a request gets {@code 429} with
 * {@code Retry-After}.
 */
package dev.ocrpipe.api.ratelimit;
