package dev.rotor.factor.control;

import dev.rotor.factor.entity.AuthChallenge;
import dev.rotor.factor.entity.ChallengePurpose;
import dev.rotor.platform.Housekeeping;
import dev.rotor.platform.RandomSecrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Server-side challenges ({@link AuthChallenge}): the browser gets a random value (256 bits,
 * base64url) and the database keeps its SHA-256. {@link #use} consumes one by compare-and-set, so
 * of two requests with the same value one wins; {@link #failed} counts a wrong answer and voids the
 * challenge at {@value #MAX_FAILURES}. Rows go with the housekeeping a day after they expired.
 */
@ApplicationScoped
public class Challenges implements Housekeeping.Chore {

    /** How long the second step of a sign-in, or a WebAuthn ceremony, may take. */
    public static final Duration STEP_TTL = Duration.ofMinutes(5);
    /** How long an enrolment the policy requires may take (scanning a QR code, finding a key). */
    public static final Duration ENROLMENT_TTL = Duration.ofMinutes(10);
    /** Wrong answers a challenge takes before it is void (the per-account throttle counts them too). */
    public static final int MAX_FAILURES = 5;

    private static final int VALUE_LENGTH = 43;

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    Clock clock;

    /** A new challenge for {@code purpose}; returns the value to hand out (its only copy). */
    @Transactional
    public String open(ChallengePurpose purpose, String accountId, Duration ttl, UnaryOperator<AuthChallenge> details) {
        String value = RandomSecrets.generate();
        Instant now = clock.instant();
        em.persist(details.apply(new AuthChallenge(RandomSecrets.sha256Hex(value), purpose, accountId, now, now.plus(ttl))));
        return value;
    }

    /** The open (unused, unexpired, not void) challenge with this value and one of these purposes; empty for anything else, a malformed value included. */
    public Optional<AuthChallenge> find(String value, Set<ChallengePurpose> purposes) {
        if (!wellFormed(value)) {
            return Optional.empty();
        }
        AuthChallenge found = em.find(AuthChallenge.class, RandomSecrets.sha256Hex(value));
        return Optional.ofNullable(found)
                .filter(challenge -> purposes.contains(challenge.purpose()) && challenge.isOpen(clock.instant()));
    }

    /** How many challenges for {@code purpose} this client address opened that are still open (none counted without an address). */
    public long openFrom(ChallengePurpose purpose, String clientIp) {
        if (clientIp == null) {
            return 0;
        }
        return em.createNamedQuery("AuthChallenge.openFromAddress", Long.class)
                .setParameter("purpose", purpose)
                .setParameter("clientIp", clientIp)
                .setParameter("now", clock.instant())
                .getSingleResult();
    }

    /** Consumes the challenge (in the caller's transaction, if any): true for the one caller that did. */
    @Transactional
    public boolean use(String value) {
        return wellFormed(value) && em.createNamedQuery("AuthChallenge.use")
                .setParameter("idHash", RandomSecrets.sha256Hex(value))
                .setParameter("now", clock.instant())
                .executeUpdate() == 1;
    }

    /** Counts a wrong answer; at {@value #MAX_FAILURES} the challenge is void. Runs in its own transaction, so the count survives the refusal. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void failed(String value) {
        if (!wellFormed(value)) {
            return;
        }
        String idHash = RandomSecrets.sha256Hex(value);
        em.createNamedQuery("AuthChallenge.countFailure").setParameter("idHash", idHash).executeUpdate();
        em.createNamedQuery("AuthChallenge.voidAfterFailures")
                .setParameter("idHash", idHash)
                .setParameter("now", clock.instant())
                .setParameter("max", MAX_FAILURES)
                .executeUpdate();
    }

    static boolean wellFormed(String value) {
        return value != null && value.length() == VALUE_LENGTH && value.chars().allMatch(c -> c >= 'a' && c <= 'z'
                || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_');
    }

    @Override
    public String deletes() {
        return "expired sign-in challenges";
    }

    @Override
    @Transactional
    public int run(Instant now) {
        return em.createNamedQuery("AuthChallenge.deleteExpired").setParameter("cutoff", now.minus(Duration.ofDays(1))).executeUpdate();
    }
}
