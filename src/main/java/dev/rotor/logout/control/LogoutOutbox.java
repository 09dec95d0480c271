package dev.rotor.logout.control;

import dev.rotor.client.control.Clients;
import dev.rotor.client.control.OAuthClient;
import dev.rotor.logout.entity.PendingLogout;
import dev.rotor.platform.Housekeeping;
import dev.rotor.session.control.SessionEnded;
import dev.rotor.session.entity.Session;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The logout outbox: for every session that ends whose client registered a back-channel logout
 * URI, one {@link PendingLogout} written in the transaction that ends the session (so the logout
 * is sent if and only if the end commits), for {@link LogoutDelivery} to send. Also the per-client
 * delivery state the admin console shows, and the deletion of finished rows after
 * {@code rotor.sessions.retention}.
 */
@ApplicationScoped
public class LogoutOutbox implements Housekeeping.Chore {

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    Clients clients;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "rotor.sessions.retention", defaultValue = "P30D")
    Duration retention;

    /**
     * What the console shows of a client's back-channel logouts.
     *
     * @param lastDeliveredAt when the latest one was delivered, or null
     * @param lastFailedAt when the latest failed attempt of one not delivered (still retrying, or given up) was made, or null
     * @param lastError what went wrong then (a status or an exception class; no token), or null
     * @param pending how many wait to be delivered
     */
    public record DeliveryState(Instant lastDeliveredAt, Instant lastFailedAt, String lastError, long pending) {
    }

    /** Writes the logout of {@code ended}'s session if its client wants one; runs in the ending transaction. */
    void sessionEnded(@Observes SessionEnded ended) {
        Session session = ended.session();
        clients.find(session.clientId())
                .filter(OAuthClient::wantsBackchannelLogout)
                .ifPresent(client -> em.persist(new PendingLogout(client.clientId(), session.accountId(), sidOf(session),
                        session.id(), client.backchannelLogoutUri(), clock.instant())));
    }

    /** The {@code sid} an app knows a session by (its id token's): the Rotor sign-in it is linked to, else its own id. */
    public static String sidOf(Session session) {
        return session.signInId() != null ? session.signInId() : session.id();
    }

    /** The back-channel logout delivery state of {@code clientId}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public DeliveryState stateOf(String clientId) {
        Instant delivered = em.createNamedQuery("PendingLogout.lastDelivered", Instant.class)
                .setParameter("clientId", clientId).getSingleResult();
        long pending = em.createNamedQuery("PendingLogout.pendingCount", Long.class)
                .setParameter("clientId", clientId).getSingleResult();
        List<PendingLogout> failing = em.createNamedQuery("PendingLogout.undeliveredFailures", PendingLogout.class)
                .setParameter("clientId", clientId).setMaxResults(1).getResultList();
        PendingLogout failure = failing.isEmpty() ? null : failing.get(0);
        return new DeliveryState(delivered, failure == null ? null : failure.lastAttemptAt(),
                failure == null ? null : failure.lastError(), pending);
    }

    @Override
    public String deletes() {
        return "delivered or abandoned back-channel logouts";
    }

    @Override
    @Transactional
    public int run(Instant now) {
        return em.createNamedQuery("PendingLogout.deleteFinishedBefore")
                .setParameter("cutoff", now.minus(retention))
                .executeUpdate();
    }
}
