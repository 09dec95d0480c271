/**
 * What the session feature keeps: {@code Session} (one sign-in on one device and the refresh-token
 * family it owns, in the table {@code session_family}), its status and why it ended, and
 * {@code Revocation}, one entry of the revocation log.
 */
package dev.rotor.session.entity;
