package dev.rotor.session.control;

import dev.rotor.account.control.Accounts;
import dev.rotor.account.entity.Account;
import dev.rotor.audit.control.AuditLog;
import dev.rotor.audit.entity.AuditType;
import dev.rotor.platform.RequestFacts;
import dev.rotor.platform.Page;
import dev.rotor.platform.PageRequest;
import dev.rotor.platform.RotorSettings;
import dev.rotor.session.entity.Session;
import dev.rotor.session.entity.SessionStatus;
import dev.rotor.token.control.AccessTokenIssuer;
import dev.rotor.token.entity.Authentication;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Starting sessions, for both kinds of client (the OAuth token endpoint and the browser's cookie
 * endpoints), and listing an account's live ones. A session goes on through {@link Refreshes} and
 * ends through {@link SessionEnds}.
 */
@ApplicationScoped
public class Sessions {

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    Accounts accounts;

    @Inject
    Sessions self;

    @Inject
    AccessTokenIssuer accessTokens;

    @Inject
    AuditLog audit;

    @Inject
    SecondSteps secondSteps;

    @Inject
    RevocationLog revocations;

    @Inject
    Clock clock;

    @Inject
    RotorSettings settings;

    @Inject
    @ConfigProperty(name = "rotor.sessions.max-per-user", defaultValue = "50")
    int maxPerUser;

    /**
     * Checks the password and starts a session whose first access token is for {@code audience}, or
     * asks for the second step ({@link SecondSteps}) when the account has a factor or must enrol one;
     * {@link SignInOutcome.Refused} (and audited) when the credentials are wrong. {@code browser}
     * false (the password grant, which has no second step) refuses such an account with
     * {@link SecondFactorRequired}.
     * The password is hashed outside any transaction (no connection or lock is held for it); the
     * session starts under the account's row lock only if the password verified is still the
     * account's password, so a sign-in racing a password change, a temporary password, a disable
     * or a logout-all either comes first (and is ended by it) or sees its result (and is refused,
     * or carries the new token version).
     */
    public SignInOutcome signIn(String username, String password, String clientId, List<String> audience, RequestFacts facts,
                                boolean browser) {
        return self.startIfStillValid(username, accounts.authenticate(username, password), clientId, audience, facts, browser);
    }

    /** The second half of {@link #signIn}, in one transaction: what the password proved, re-checked under the lock. */
    @Transactional
    public SignInOutcome startIfStillValid(String username, Optional<Accounts.Verified> verified, String clientId,
                                           List<String> audience, RequestFacts facts, boolean browser) {
        Optional<Account> account = verified.flatMap(accounts::stillValid);
        if (account.isEmpty() || !account.get().isEnabled()) {
            // The attempted username is not logged: people type passwords into it.
            String known = verified.map(v -> v.account().id()).or(() -> accounts.byRawUsername(username).map(Account::id)).orElse(null);
            String reason = account.isPresent() ? "account disabled"
                    : verified.isPresent() ? "password changed or expired during sign-in"
                    : known == null ? "unknown username" : "wrong password";
            audit.record(AuditType.LOGIN_FAILED, known, null, null, facts, reason);
            return new SignInOutcome.Refused("invalid-credentials");
        }
        Optional<SignInOutcome.SecondStepNeeded> secondStep = secondSteps.needed(account.get(), clientId, facts, browser);
        if (secondStep.isPresent()) {
            return secondStep.get();
        }
        Issued issued = startSession(account.get(), clientId, audience, facts);
        audit.record(AuditType.LOGIN_SUCCEEDED, account.get().id(), account.get().id(), issued.session().id(), facts, "client=" + clientId);
        return new SignInOutcome.Started(issued);
    }

    /**
     * A session for the locked, verified {@code account} that proved who it is as {@code authentication}
     * says (a completed second step, a passkey); in the caller's transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Issued startVerified(Account account, String clientId, List<String> audience, RequestFacts facts, Authentication authentication) {
        return startSession(account, clientId, audience, facts, null, null, authentication);
    }

    /**
     * A session for an app the front door authorized (an authorization code's one use), linked to
     * the Rotor sign-in {@code signInId} that authorized it; empty when the account is gone, disabled
     * or must change its password, or the sign-in has ended meanwhile. Runs in the caller's
     * transaction, under the account's row lock (so it cannot outlive a logout-all or a password
     * change that commits first).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Issued> startLinked(String accountId, String clientId, String signInId, String scope, Instant authTime,
                                        List<String> audience, RequestFacts facts) {
        Account account = em.find(Account.class, accountId, LockModeType.PESSIMISTIC_WRITE);
        Session signIn = signInId == null ? null : em.find(Session.class, signInId);
        Instant now = clock.instant();
        if (account == null || !account.isEnabled() || account.passwordChangeRequired()
                || signIn == null || !signIn.isActive(now) || !signIn.accountId().equals(accountId)) {
            return Optional.empty();
        }
        return Optional.of(startSession(account, clientId, audience, facts, signInId, scope,
                new Authentication(authTime, signIn.authentication().methods())));
    }

    /** A new session at generation 0 for the verified, locked {@code account}, its oldest ones evicted beyond the limit. */
    private Issued startSession(Account account, String clientId, List<String> audience, RequestFacts facts) {
        return startSession(account, clientId, audience, facts, null, null, Authentication.password(clock.instant()));
    }

    private Issued startSession(Account account, String clientId, List<String> audience, RequestFacts facts,
                                String signInId, String scope, Authentication authentication) {
        Instant now = clock.instant();
        evictOldestBeyond(maxPerUser - 1, account, now, facts);
        byte[] secret = RefreshTokens.newSecret();
        var session = new Session(Session.newId(), account.id(), clientId, facts, now, settings.refreshAbsoluteTtl(), settings.refreshIdleTtl(),
                RefreshTokens.newChainSeed(), RefreshTokens.hash(secret)).linkedTo(signInId, scope).signedInWith(authentication);
        em.persist(session);
        audit.record(AuditType.SESSION_STARTED, account.id(), account.id(), session.id(), facts, "client=" + clientId);
        return new Issued(account, session, accessTokens.issue(account, session.id(), clientId, audience, session.scope(), session.authentication()),
                RefreshTokens.format(session.id(), 0, secret));
    }

    /** Ends the account's oldest sessions until at most {@code keep} remain (the caller holds the account lock). */
    private void evictOldestBeyond(int keep, Account account, Instant now, RequestFacts facts) {
        List<Session> active = em.createNamedQuery("Session.activeByAccount", Session.class)
                .setParameter("accountId", account.id())
                .getResultList();
        for (Session oldest : active.subList(0, Math.max(0, active.size() - keep))) {
            oldest.end(SessionStatus.EVICTED, now);
            audit.record(AuditType.SESSION_EVICTED, account.id(), null, oldest.id(), facts,
                    "more than rotor.sessions.max-per-user=" + maxPerUser + " sessions");
            revocations.sessionEnded(oldest);
        }
    }

    /** One page of the account's sessions that can still refresh, oldest first. */
    public Page<Session> activeSessions(String accountId, PageRequest paging) {
        Instant now = clock.instant();
        long total = em.createNamedQuery("Session.liveCountByAccount", Long.class)
                .setParameter("accountId", accountId)
                .setParameter("now", now)
                .getSingleResult();
        List<Session> items = em.createNamedQuery("Session.liveByAccount", Session.class)
                .setParameter("accountId", accountId)
                .setParameter("now", now)
                .setFirstResult(paging.offset())
                .setMaxResults(paging.size())
                .getResultList();
        return Page.of(paging, total, items);
    }
}
