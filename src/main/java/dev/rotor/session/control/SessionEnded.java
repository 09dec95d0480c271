package dev.rotor.session.control;

import dev.rotor.session.entity.Session;

/**
 * A session has ended, whatever ended it (a logout, a logout everywhere, an admin, a disabled
 * account, a password change, a detected reuse, an eviction, an expiry seen by a refresh or by
 * {@link SessionExpiry}). Fired synchronously, inside the transaction that ends it, by
 * {@link RevocationLog}: an observer that writes something (the logout outbox of the
 * {@code logout} package) writes it in that transaction, so it commits or rolls back with the end.
 * The session package knows nothing of who listens.
 *
 * @param session the ended session, its status saying why
 */
public record SessionEnded(Session session) {
}
