/**
 * Error answers: {@code application/problem+json} bodies, the OAuth error bodies of RFC 6749 §5.2,
 * the {@code WWW-Authenticate} challenge and the error page for what JAX-RS never sees; it may use
 * {@code platform}.
 */
package dev.rotor.problem;
