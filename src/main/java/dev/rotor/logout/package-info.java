/**
 * Back-channel logout (OpenID Connect Back-Channel Logout 1.0): when a session of a client that
 * registered a {@code backchannel_logout_uri} ends, a logout is written to the outbox in the ending
 * transaction ({@code LogoutOutbox}, observing {@code session}'s {@code SessionEnded}) and sent
 * off the request thread by whichever instance claims it first ({@code LogoutDelivery}, driven by
 * {@code LogoutDeliveryTicker}), retried with back-off for a bounded time, each attempt audited;
 * the per-client delivery state for the admin console. It may use {@code platform}, {@code audit},
 * {@code token}, {@code session} and {@code client}.
 */
package dev.rotor.logout;
