package dev.rotor.logout.control;

import dev.rotor.audit.control.AuditLog;
import dev.rotor.audit.entity.AuditType;
import dev.rotor.logout.entity.PendingLogout;
import dev.rotor.platform.RequestFacts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The outbox's transactions for {@link LogoutDelivery}, each short and none holding a lock while a
 * logout is on the wire: claiming due rows (one compare-and-set each, so two instances never send
 * the same row at once: the loser's {@code UPDATE} matches nothing), then recording each
 * attempt's outcome (delivered; or failed and due again after a back-off of 1 s, 2 s, 4 s …, at
 * most {@link #MAX_BACKOFF}; or given up once the next attempt would fall after
 * {@code rotor.backchannel.give-up-after}, an hour, from the session's end), each attempt audited.
 * A claimed row is leased for {@link #LEASE}: a sender that dies mid-attempt leaves it due again then.
 */
@ApplicationScoped
public class LogoutClaims {

    /** How long a claim keeps other senders off a row: well past one attempt's connect and read timeouts. */
    static final Duration LEASE = Duration.ofSeconds(30);
    /** The longest wait between two attempts. */
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "rotor.backchannel.give-up-after", defaultValue = "PT1H")
    Duration giveUpAfter;

    /**
     * A row this sender holds for one attempt.
     *
     * @param attempt the attempt's number (1 for the first), also what the outcome's compare-and-set expects
     */
    public record Claimed(String id, String clientId, String accountId, String sid, String sessionId, String uri,
                          Instant createdAt, int attempt) {
    }

    /** Claims at most {@code max} due rows for this sender, oldest due first. */
    @Transactional
    public List<Claimed> claimDue(int max) {
        Instant now = clock.instant();
        List<PendingLogout> due = em.createNamedQuery("PendingLogout.due", PendingLogout.class)
                .setParameter("now", now)
                .setMaxResults(max)
                .getResultList();
        List<Claimed> claimed = new ArrayList<>();
        for (PendingLogout row : due) {
            int won = em.createNamedQuery("PendingLogout.claim")
                    .setParameter("id", row.id())
                    .setParameter("attempts", row.attempts())
                    .setParameter("now", now)
                    .setParameter("leaseEnds", now.plus(LEASE))
                    .executeUpdate();
            if (won == 1) {
                claimed.add(new Claimed(row.id(), row.clientId(), row.accountId(), row.sid(), row.sessionId(), row.uri(),
                        row.createdAt(), row.attempts() + 1));
            }
        }
        return claimed;
    }

    /** The attempt {@code claimed} was answered 2xx. */
    @Transactional
    public void delivered(Claimed claimed) {
        int written = em.createNamedQuery("PendingLogout.delivered")
                .setParameter("id", claimed.id())
                .setParameter("attempts", claimed.attempt())
                .setParameter("now", clock.instant())
                .executeUpdate();
        audit.record(AuditType.BACKCHANNEL_LOGOUT_DELIVERED, claimed.accountId(), null, claimed.sessionId(), RequestFacts.NONE,
                "client=" + claimed.clientId() + "; sid=" + claimed.sid() + "; attempt=" + claimed.attempt() + stale(written));
    }

    /** The attempt {@code claimed} failed ({@code error}: a status or an exception class, no token): retried later or given up. */
    @Transactional
    public void failed(Claimed claimed, String error) {
        Instant now = clock.instant();
        Instant next = now.plus(backoff(claimed.attempt()));
        boolean giveUp = next.isAfter(claimed.createdAt().plus(giveUpAfter));
        String text = PendingLogout.errorText(error);
        int written = em.createNamedQuery(giveUp ? "PendingLogout.gaveUp" : "PendingLogout.failed")
                .setParameter("id", claimed.id())
                .setParameter("attempts", claimed.attempt())
                .setParameter("error", text)
                .setParameter(giveUp ? "now" : "next", giveUp ? now : next)
                .executeUpdate();
        audit.record(AuditType.BACKCHANNEL_LOGOUT_FAILED, claimed.accountId(), null, claimed.sessionId(), RequestFacts.NONE,
                "client=" + claimed.clientId() + "; sid=" + claimed.sid() + "; attempt=" + claimed.attempt() + "; error=" + text
                        + (written == 0 ? stale(written) : giveUp ? "; given up after " + giveUpAfter : "; next attempt at " + next));
    }

    /** Nothing, or why an outcome was not written: its lease ran out and another attempt holds the row (or finished it). */
    private static String stale(int written) {
        return written == 0 ? "; outcome not recorded: the claim had run out and another attempt took the row" : "";
    }

    /** The wait after attempt {@code attempt} failed: 1 s, 2 s, 4 s, … at most {@link #MAX_BACKOFF}. */
    static Duration backoff(int attempt) {
        int doublings = Math.max(0, Math.min(attempt - 1, 20));
        Duration wait = Duration.ofSeconds(1L << doublings);
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }
}
