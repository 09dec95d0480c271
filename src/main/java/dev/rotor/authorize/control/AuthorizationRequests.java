package dev.rotor.authorize.control;

import dev.rotor.authorize.entity.AuthorizationRequest;
import dev.rotor.platform.Housekeeping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The authorization requests waiting for the sign-in page: kept {@value #LIFETIME_MINUTES} minutes
 * under a 128-bit random id, answered once (the answer deletes the request). Expired rows go with
 * the housekeeping.
 */
@ApplicationScoped
public class AuthorizationRequests implements Housekeeping.Chore {

    static final long LIFETIME_MINUTES = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    Clock clock;

    /** Keeps a checked request; returns it with its new id. */
    @Transactional
    public AuthorizationRequest create(AuthorizationRequestCheck.Accepted accepted) {
        return create(accepted, null);
    }

    /** Keeps a checked request whose {@code id_token_hint} named {@code hintedSubject} (null: no hint). */
    @Transactional
    public AuthorizationRequest create(AuthorizationRequestCheck.Accepted accepted, String hintedSubject) {
        Instant now = clock.instant();
        var request = new AuthorizationRequest(newId(), accepted.client().clientId(), accepted.redirectUri(), accepted.redirectUriSent(),
                accepted.state(), String.join(" ", accepted.scopes()), accepted.codeChallenge(), accepted.nonce(), accepted.prompt(),
                accepted.maxAge(), accepted.loginHint(), now, now.plus(Duration.ofMinutes(LIFETIME_MINUTES))).hinting(hintedSubject)
                .askingFor(accepted.acrValues());
        em.persist(request);
        return request;
    }

    /**
     * Whether {@code clientId} already sent {@code nonce} in a request still pending or a code Rotor
     * still keeps (a day past its expiry): a second authentication request with the same nonce is a
     * replay, refused. Two such requests at the very same moment can both pass; the client's own
     * check of the ID token's nonce is the one that counts.
     */
    public boolean nonceUsed(String clientId, String nonce) {
        if (nonce == null) {
            return false;
        }
        long pending = em.createQuery("SELECT COUNT(r) FROM AuthorizationRequest r WHERE r.clientId = :clientId AND r.nonce = :nonce", Long.class)
                .setParameter("clientId", clientId).setParameter("nonce", nonce).getSingleResult();
        long coded = em.createQuery("SELECT COUNT(c) FROM AuthorizationCode c WHERE c.clientId = :clientId AND c.nonce = :nonce", Long.class)
                .setParameter("clientId", clientId).setParameter("nonce", nonce).getSingleResult();
        return pending + coded > 0;
    }

    /** The request {@code id} while it lives; else {@link AuthorizationRequestExpired}. */
    public AuthorizationRequest findLive(String id) {
        AuthorizationRequest request = id == null || id.isEmpty() || id.length() > 64 ? null : em.find(AuthorizationRequest.class, id);
        if (request == null || request.isExpired(clock.instant())) {
            throw new AuthorizationRequestExpired();
        }
        return request;
    }

    /**
     * Deletes the request as it is answered, in the caller's transaction; whoever deletes it first
     * answers it, anyone else gets {@link AuthorizationRequestExpired}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void take(String id) {
        int deleted = em.createQuery("DELETE FROM AuthorizationRequest r WHERE r.id = :id").setParameter("id", id).executeUpdate();
        if (deleted != 1) {
            throw new AuthorizationRequestExpired();
        }
    }

    @Override
    public String deletes() {
        return "expired authorization requests";
    }

    @Override
    @Transactional
    public int run(Instant now) {
        return em.createNamedQuery("AuthorizationRequest.deleteExpired").setParameter("now", now).executeUpdate();
    }

    static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
