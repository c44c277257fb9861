/**
 * Who is calling: browser sessions (OIDC or the test login) kept in MongoDB, personal API tokens
 * with scopes, CSRF for cookie-authenticated writes, and the one security filter chain that puts
 * them in front of every API route.
 */
package dev.ocrpipe.api.auth;
