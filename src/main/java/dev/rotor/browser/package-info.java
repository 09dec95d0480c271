/**
 * The browser's sign-in ceremony: the session cookies, CSRF proof, the Origin and CORS checks, and
 * {@code /auth/login} (and its second step), {@code /auth/passkey}, {@code /auth/refresh} and
 * {@code /auth/logout}; it may use {@code platform}, {@code problem}, {@code audit}, {@code custody},
 * {@code account}, {@code throttle}, {@code token}, {@code factor}, {@code session}, {@code client} (its web origins, for CORS) and {@code access}.
 */
package dev.rotor.browser;
