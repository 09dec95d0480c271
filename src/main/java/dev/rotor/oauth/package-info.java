/**
 * OAuth 2.0 for programs: the token endpoint, revocation (RFC 7009), introspection (RFC 7662),
 * discovery (RFC 8414), how resource servers authenticate, and the revocation feed they follow; it
 * may use {@code platform}, {@code problem}, {@code audit}, {@code custody}, {@code account},
 * {@code throttle}, {@code token}, {@code session}, {@code client}, {@code access} and {@code authorize}.
 */
package dev.rotor.oauth;
