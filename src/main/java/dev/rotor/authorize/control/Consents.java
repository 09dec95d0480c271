package dev.rotor.authorize.control;

import dev.rotor.audit.control.AuditLog;
import dev.rotor.audit.entity.AuditType;
import dev.rotor.authorize.entity.Consent;
import dev.rotor.platform.RequestFacts;
import dev.rotor.session.control.SessionEnds;
import dev.rotor.session.entity.SessionStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A user's consent to third-party clients, remembered per (user, client) with the scopes allowed:
 * asked again when a request asks for more, or after the user revoked it. Revoking ends the
 * sessions that client holds of the user. Granting and revoking are audited.
 */
@ApplicationScoped
public class Consents {

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    AuditLog audit;

    @Inject
    SessionEnds ends;

    @Inject
    Clock clock;

    /** Whether {@code accountId} has allowed {@code clientId} every one of {@code scopes}. */
    public boolean has(String accountId, String clientId, List<String> scopes) {
        Consent consent = em.find(Consent.class, new Consent.Key(accountId, clientId));
        return consent != null && consent.scopes().containsAll(scopes);
    }

    /** Remembers that {@code accountId} allowed {@code clientId} {@code scopes} (added to what it allowed before). */
    @Transactional
    public void grant(String accountId, String clientId, List<String> scopes, String sessionId, RequestFacts facts) {
        Consent consent = em.find(Consent.class, new Consent.Key(accountId, clientId), LockModeType.PESSIMISTIC_WRITE);
        if (consent == null) {
            em.persist(new Consent(accountId, clientId, scopes, clock.instant()));
        } else {
            var all = new LinkedHashSet<>(consent.scopes());
            all.addAll(scopes);
            consent.grant(new ArrayList<>(all), clock.instant());
        }
        audit.record(AuditType.CONSENT_GRANTED, accountId, accountId, sessionId, facts,
                "client=" + clientId + " scopes=" + String.join(" ", scopes));
    }

    /** The clients {@code accountId} has allowed, oldest first. */
    public List<Consent> list(String accountId) {
        return em.createNamedQuery("Consent.byAccount", Consent.class).setParameter("accountId", accountId).getResultList();
    }

    /**
     * Forgets the consent and ends that client's sessions of the account
     * ({@link SessionStatus#CONSENT_REVOKED}); {@link NoSuchConsent} when there is none.
     */
    @Transactional
    public void revoke(String accountId, String clientId, String sessionId, RequestFacts facts) {
        Consent consent = clientId == null ? null
                : em.find(Consent.class, new Consent.Key(accountId, clientId), LockModeType.PESSIMISTIC_WRITE);
        if (consent == null) {
            throw new NoSuchConsent();
        }
        em.remove(consent);
        int ended = ends.endClientSessions(accountId, clientId, SessionStatus.CONSENT_REVOKED);
        audit.record(AuditType.CONSENT_REVOKED, accountId, accountId, sessionId, facts,
                "client=" + clientId + " sessions ended=" + ended);
    }
}
