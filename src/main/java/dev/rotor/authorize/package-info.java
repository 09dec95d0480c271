/**
 * The front door: {@code /oauth2/authorize} (authorization code with PKCE), the pending requests
 * the hosted sign-in page continues, single sign-on from the browser's Rotor sign-in, consent, and
 * the authorization codes the token endpoint redeems; it may use {@code platform}, {@code problem},
 * {@code audit}, {@code custody}, {@code account}, {@code throttle}, {@code token}, {@code session},
 * {@code client}, {@code access} and {@code browser}.
 */
package dev.rotor.authorize;
