package dev.rotor.selfservice.control;

import dev.rotor.account.control.Accounts;
import dev.rotor.account.control.NoSuchAccount;
import dev.rotor.account.control.PasswordChanged;
import dev.rotor.account.control.PasswordHasher;
import dev.rotor.account.control.PasswordRejected;
import dev.rotor.account.entity.Account;
import dev.rotor.account.entity.Password;
import dev.rotor.audit.control.AuditLog;
import dev.rotor.audit.entity.AuditType;
import dev.rotor.platform.RequestFacts;
import dev.rotor.session.control.SessionEnds;
import dev.rotor.session.entity.SessionStatus;
import dev.rotor.throttle.control.SignInThrottle;
import dev.rotor.throttle.control.SignInThrottle.Attempt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Password changes: by the signed-in owner (other sessions end, this one stays), by the owner of a
 * temporary password (every session ends), and an admin setting a temporary password. Checking
 * the current password is throttled exactly like a sign-in. Hashing happens before the account row
 * is locked; the row is locked only to store the new hash, and only if nobody changed it meanwhile.
 */
@ApplicationScoped
public class PasswordChanges {

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    Accounts accounts;

    @Inject
    PasswordHasher hasher;

    @Inject
    SignInThrottle throttle;

    @Inject
    SessionEnds sessions;

    @Inject
    PasswordChanges self;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    /** How long an admin's temporary password works; PT0S = no limit. */
    @Inject
    @ConfigProperty(name = "rotor.password.temporary-ttl", defaultValue = "P3D")
    Duration temporaryTtl;

    @Inject
    Event<PasswordChanged> passwordChanged;

    /** The signed-in owner changes their password; every session but {@code currentSessionId} ends. */
    public void change(String accountId, String currentSessionId, String currentPassword, String newPassword, RequestFacts facts) {
        Account account = accounts.byId(accountId).orElseThrow(WrongPassword::new);
        requireAllowed(newPassword, currentPassword, account.username());
        Attempt attempt = throttle.begin(account.username(), facts);
        if (!hasher.matches(currentPassword, account.passwordHash())) {
            throttle.failed(attempt, account.username(), facts);
            audit.record(AuditType.PASSWORD_CHANGE_REFUSED, accountId, accountId, currentSessionId, facts, "wrong current password");
            throw new WrongPassword();
        }
        throttle.succeeded(attempt);
        self.store(accountId, account.passwordHash(), hasher.hash(newPassword), currentSessionId, facts);
    }

    /**
     * The owner of a temporary password replaces it without a session (sign-in refuses them until
     * then). Wrong or unknown credentials, and an expired temporary password, are
     * {@link InvalidCredentials}, as at sign-in; every outcome is throttled and audited like one.
     */
    public void replaceTemporary(String rawUsername, String currentPassword, String newPassword, RequestFacts facts) {
        requireAllowed(newPassword, currentPassword, rawUsername);
        Attempt attempt = throttle.begin(rawUsername, facts);
        Optional<Account> account = accounts.verify(rawUsername, currentPassword);
        if (account.isEmpty() || !account.get().isEnabled() || account.get().temporaryPasswordExpired(clock.instant())) {
            throttle.failed(attempt, rawUsername, facts);
            String reason = account.isEmpty() ? "wrong username or password"
                    : account.get().isEnabled() ? "temporary password expired" : "account disabled";
            // The attempted username is not logged: people type passwords into it.
            String known = account.or(() -> accounts.byRawUsername(rawUsername)).map(Account::id).orElse(null);
            audit.record(AuditType.PASSWORD_CHANGE_REFUSED, known, null, null, facts,
                    "temporary password replacement: " + reason);
            throw new InvalidCredentials();
        }
        throttle.succeeded(attempt);
        if (!account.get().passwordChangeRequired()) {
            audit.record(AuditType.PASSWORD_CHANGE_REFUSED, account.get().id(), account.get().id(), null, facts,
                    "temporary password replacement: the password is not temporary");
            throw new PasswordChangeNotRequired();
        }
        self.store(account.get().id(), account.get().passwordHash(), hasher.hash(newPassword), null, facts);
    }

    /**
     * An admin gives the account a temporary password, good for {@code rotor.password.temporary-ttl}:
     * every session ends and its sign-in count is cleared.
     */
    public void setTemporary(String accountId, String temporaryPassword, String actorId, RequestFacts facts) {
        Account account = accounts.byId(accountId).orElseThrow(NoSuchAccount::new);
        Password.broken(temporaryPassword, account.username()).ifPresent(rule -> {
            throw new PasswordRejected(rule);
        });
        self.storeTemporary(accountId, hasher.hash(temporaryPassword), actorId, facts);
        throttle.forgetFailures(account.username());
    }

    @Transactional
    public void store(String accountId, String expectedHash, String newHash, String keepSessionId, RequestFacts facts) {
        Account account = em.find(Account.class, accountId, LockModeType.PESSIMISTIC_WRITE);
        if (account == null || !account.passwordHash().equals(expectedHash)) {
            throw new WrongPassword(); // changed by someone else since we checked
        }
        account.changePassword(newHash);
        passwordChanged.fire(new PasswordChanged(accountId, account.username()));
        if (keepSessionId == null) {
            sessions.endAll(accountId, SessionStatus.PASSWORD_CHANGED, AuditType.PASSWORD_CHANGED, accountId, facts);
        } else {
            sessions.endAllExcept(accountId, keepSessionId, SessionStatus.PASSWORD_CHANGED, AuditType.PASSWORD_CHANGED, accountId, facts);
        }
    }

    @Transactional
    public void storeTemporary(String accountId, String newHash, String actorId, RequestFacts facts) {
        Account account = em.find(Account.class, accountId, LockModeType.PESSIMISTIC_WRITE);
        if (account == null) {
            throw new NoSuchAccount();
        }
        account.setTemporaryPassword(newHash, temporaryTtl.isZero() ? null : clock.instant().plus(temporaryTtl));
        sessions.endAll(accountId, SessionStatus.PASSWORD_CHANGED, AuditType.ADMIN_SET_PASSWORD, actorId, facts);
    }

    private static void requireAllowed(String newPassword, String currentPassword, String username) {
        Password.brokenByChange(newPassword, currentPassword, username).ifPresent(rule -> {
            throw new PasswordRejected(rule);
        });
    }
}
