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

    /** Ends one batch of expired active sessions; returns how many. */
    @Transactional
    public int endBatch(Instant now) {
        List<Session> expired = em.createNamedQuery("Session.expiredActive", Session.class)
                .setParameter("now", now)
                .setMaxResults(BATCH)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        for (Session session : expired) {
            session.end(SessionStatus.EXPIRED, now);
            revocations.sessionEnded(session);
        }
        return expired.size();
    }
}
