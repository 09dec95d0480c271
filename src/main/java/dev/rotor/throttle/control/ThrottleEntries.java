package dev.rotor.throttle.control;

import dev.rotor.throttle.entity.ThrottleEntry;
import dev.rotor.throttle.entity.ThrottleKind;
import dev.rotor.throttle.entity.ThrottlePolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionalException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The throttle rows. Every write is its own short transaction under the row's lock, so parallel
 * attempts on any instance are counted one after another, and a sign-in's own transaction never
 * holds one.
 */
@ApplicationScoped
public class ThrottleEntries {

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    ThrottleEntries self;

    /** What counting one attempt did. */
    public sealed interface Counted {
    }

    /** The key was already throttled; nothing was counted. */
    public record Refused(Duration retryAfter) implements Counted {
    }

    /** The attempt was counted; {@code lockoutStarted} when it reached the limit. */
    public record Recorded(boolean lockoutStarted) implements Counted {
    }

    public Optional<ThrottleEntry> find(ThrottleKind kind, String subject) {
        return Optional.ofNullable(em.find(ThrottleEntry.class, new ThrottleEntry.Key(kind, subject)));
    }

    /**
     * Counts one failure (or attempt) against the key, unless it is throttled right now; read,
     * decided and written under the row's lock, so of parallel callers each sees the count the one
     * before it left.
     */
    public Counted count(ThrottleKind kind, String subject, ThrottlePolicy policy, Instant now) {
        try {
            return self.countOnce(kind, subject, policy, now);
        } catch (PersistenceException | TransactionalException firstRowRaced) {
            return self.countOnce(kind, subject, policy, now); // the row exists now: lock and update it
        }
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Counted countOnce(ThrottleKind kind, String subject, ThrottlePolicy policy, Instant now) {
        ThrottleEntry entry = em.find(ThrottleEntry.class, new ThrottleEntry.Key(kind, subject), LockModeType.PESSIMISTIC_WRITE);
        if (entry == null) {
            entry = new ThrottleEntry(kind, subject, now);
            boolean lockout = entry.fail(now, policy);
            em.persist(entry);
            em.flush();
            return new Recorded(lockout);
        }
        Optional<Duration> wait = entry.retryAfter(now);
        if (wait.isPresent()) {
            return new Refused(wait.get());
        }
        return new Recorded(entry.fail(now, policy));
    }

    /** Takes back one counted failure of the key (see {@link ThrottleEntry#refund}); a row left with none is deleted. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void refund(ThrottleKind kind, String subject) {
        ThrottleEntry entry = em.find(ThrottleEntry.class, new ThrottleEntry.Key(kind, subject), LockModeType.PESSIMISTIC_WRITE);
        if (entry != null) {
            entry.refund();
            if (entry.failures() == 0) {
                em.remove(entry); // nothing left to count or block: as if the key had never failed
            }
        }
    }

    /** Forgets the key; true when there was something to forget. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean delete(ThrottleKind kind, String subject) {
        return em.createNamedQuery("ThrottleEntry.delete")
                .setParameter("kind", kind.name())
                .setParameter("subject", subject)
                .executeUpdate() > 0;
    }

    /** Keys of this kind that are throttled right now, longest wait first. */
    public List<ThrottleEntry> blocked(ThrottleKind kind, Instant now, int max) {
        return em.createNamedQuery("ThrottleEntry.blocked", ThrottleEntry.class)
                .setParameter("kind", kind.name())
                .setParameter("now", ThrottleEntry.utc(now))
                .setMaxResults(max)
                .getResultList();
    }

    /** Deletes rows whose last failure is older than {@code window} and that no longer block. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int purge(Instant now, Duration window) {
        return em.createNamedQuery("ThrottleEntry.purge")
                .setParameter("cutoff", ThrottleEntry.utc(now.minus(window)))
                .setParameter("now", ThrottleEntry.utc(now))
                .executeUpdate();
    }
}
