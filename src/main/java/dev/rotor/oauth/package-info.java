/**
 * OAuth 2.0 and OpenID Connect for programs: the token endpoint (with ID tokens for openid
 * sessions), UserInfo, RP-initiated logout, revocation (RFC 7009), introspection (RFC 7662),
 * discovery (RFC 8414 and OpenID Connect Discovery), how resource servers authenticate, and the
 * revocation feed they follow; it may use {@code platform}, {@code problem}, {@code audit},
 * {@code custody}, {@code account}, {@code throttle}, {@code token}, {@code session},
 * {@code client}, {@code access}, {@code browser} (the cookies a logout clears) and {@code authorize}.
 */
package dev.rotor.oauth;
