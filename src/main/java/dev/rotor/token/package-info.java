/**
 * Access tokens: the signing keys (publishing, choosing the signer, rotating and revoking), issuing
 * signed access tokens, the JWKS and the audiences tokens are issued for; it may use
 * {@code platform}, {@code problem}, {@code audit}, {@code custody} and {@code account}.
 */
package dev.rotor.token;
