package dev.rotor.session.control;

import dev.rotor.platform.Housekeeping;
import dev.rotor.session.entity.Session;
import dev.rotor.session.entity.SessionStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/**
 * Ends the sessions that expired (idle or absolute) while nobody used them, on every housekeeping
 * run ({@code rotor.sessions.purge-interval}, an hour): each becomes EXPIRED and goes through
 * {@link RevocationLog#sessionEnded}, exactly as when a refresh finds it expired, so its end is
 * heard ({@link SessionEnded}: an app with a back-channel logout URI is told, at most one
 * housekeeping interval after the expiry). 500 sessions per transaction, under their row locks.
 */
@ApplicationScoped
public class SessionExpiry implements Housekeeping.Chore {

    static final int BATCH = 500;
    /** At most this many batches per run; the rest wait for the next run. */
    static final int MAX_BATCHES = 20;

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    RevocationLog revocations;

    @Inject
    SessionExpiry self;

    @Override
    public String deletes() {
        return "expired sessions ended (their rows stay until purged)";
    }

    @Override
    public int run(Instant now) {
        int ended = 0;
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            int n = self.endBatch(now);
            ended += n;
            if (n < BATCH) {
                break;
            }
        }
        return ended;
    }

    /** Ends one batch of expired active sessions; returns how many it found (one ended meanwhile is left as it is). */
    @Transactional
    public int endBatch(Instant now) {
        // Ids first, then each row under its lock (a locking query with a limit is not portable to H2),
        // re-checked there: a refresh or a logout may have ended it meanwhile.
        List<String> ids = em.createNamedQuery("Session.expiredActive", String.class)
                .setParameter("now", now)
                .setMaxResults(BATCH)
                .getResultList();
        for (String id : ids) {
            Session session = em.find(Session.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (session != null && session.status() == SessionStatus.ACTIVE && session.isExpired(now)) {
                session.end(SessionStatus.EXPIRED, now);
                revocations.sessionEnded(session);
            }
        }
        return ids.size();
    }
}
