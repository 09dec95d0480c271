package dev.rotor.authorize.control;

import dev.rotor.authorize.entity.AuthorizationCode;
import dev.rotor.authorize.entity.AuthorizationRequest;
import dev.rotor.client.control.ClientSecrets;
import dev.rotor.platform.Housekeeping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Issues authorization codes: 256 random bits, base64url, of which only the SHA-256 ({@link #hash})
 * is stored, living {@value #LIFETIME_SECONDS} seconds, bound to what the request asked and to the
 * Rotor sign-in that answered it. Redeeming them is the token endpoint's. Rows go with the
 * housekeeping a day after they expired, so a late replay of a used code is still recognised.
 */
@ApplicationScoped
public class AuthorizationCodes implements Housekeeping.Chore {

    public static final long LIFETIME_SECONDS = 60;
    /**
     * How long a code's row outlives the code: a replay of a used code within it still ends the
     * session its first use started (RFC 6749 §4.1.2), after it the replay is merely refused.
     */
    static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(1);

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    Clock clock;

    /**
     * A new code for {@code request}, answered by the sign-in {@code signInId} (the rotor-web
     * session) of {@code accountId}, who signed in at {@code authTime}.
     */
    @Transactional
    public String issue(AuthorizationRequest request, String accountId, String signInId, Instant authTime) {
        String code = ClientSecrets.generate();
        Instant now = clock.instant();
        em.persist(new AuthorizationCode(hash(code), request, accountId, signInId, authTime, now,
                now.plus(Duration.ofSeconds(LIFETIME_SECONDS))));
        return code;
    }

    /** The stored form of a code: its SHA-256, hex (a code is 256 random bits, so a fast hash is enough). */
    public static String hash(String code) {
        return ClientSecrets.hash(code);
    }

    @Override
    public String deletes() {
        return "expired authorization codes";
    }

    @Override
    @Transactional
    public int run(Instant now) {
        return em.createNamedQuery("AuthorizationCode.deleteExpired").setParameter("cutoff", now.minus(KEPT_AFTER_EXPIRY))
                .executeUpdate();
    }
}
