/**
 * Throttling in the database, shared by every instance: sign-in and registration attempts counted
 * per username and per client address before a password is checked, and resource servers' client
 * authentication; it may use {@code platform}, {@code problem}, {@code audit}, {@code custody} and
 * {@code account}.
 */
package dev.rotor.throttle;
