/**
 * Second factors: passkeys (WebAuthn through Yubico's webauthn-server-core), an authenticator app
 * (TOTP, RFC 6238, its secret sealed by {@code custody}), recovery codes, and the server-side
 * challenges ({@code AuthChallenge}) that bind a sign-in's second step, an enrolment or a WebAuthn
 * ceremony to the step before it. It may use {@code platform}, {@code problem}, {@code audit},
 * {@code custody}, {@code account}, {@code throttle} and {@code token}; {@code session} uses it to
 * finish a sign-in, and the boundaries above tie a factor change to the sessions it ends.
 */
package dev.rotor.factor;
