/**
 * OAuth clients: the built-ins of {@code rotor.clients} and those an admin registers (type, secrets,
 * redirect URIs and their rules, web origins, grants, scopes); authenticating a confidential one;
 * it may use {@code platform}, {@code problem}, {@code audit}, {@code custody}, {@code account},
 * {@code throttle}, {@code token} and {@code session}.
 */
package dev.rotor.client;
