/**
 * Sessions, each one sign-in on one device with the refresh-token family it owns: signing in
 * (with the second step of {@code SecondSteps} when the account has a second factor), rotating a refresh token by the reuse rules, every way a session ends, and the
 * revocation log every end and cut-off is written to; it may use
 * {@code platform}, {@code problem}, {@code audit}, {@code custody}, {@code account},
 * {@code throttle}, {@code token} and {@code factor}.
 */
package dev.rotor.session;
