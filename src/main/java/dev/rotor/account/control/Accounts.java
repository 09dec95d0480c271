package dev.rotor.account.control;

import dev.rotor.account.entity.Account;
import dev.rotor.account.entity.Password;
import dev.rotor.account.entity.Username;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/** Creates accounts and checks passwords. */
@ApplicationScoped
public class Accounts {

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    PasswordHasher hasher;

    @Inject
    Clock clock;

    /** Validates, hashes and stores a new account: {@link InvalidUsername}, {@link PasswordRejected} or {@link UsernameTaken} if it cannot. */
    @Transactional
    public Account create(String rawUsername, String rawPassword, Collection<String> roles) {
        Username username = Username.parse(rawUsername).orElseThrow(InvalidUsername::new);
        Password.broken(rawPassword, username.value()).ifPresent(rule -> {
            throw new PasswordRejected(rule);
        });
        if (byUsername(username).isPresent()) {
            throw new UsernameTaken();
        }
        var account = new Account(username, hasher.hash(rawPassword), roles, clock.instant());
        try {
            em.persist(account);
            em.flush();
        } catch (PersistenceException raceLost) {
            throw new UsernameTaken();
        }
        return account;
    }

    /**
     * What a right password proved, checked outside any transaction: the account as read and the
     * stored hash the password matched, to be checked again under the account's row lock
     * ({@link #stillValid}); {@code rehash} is the same password hashed with today's settings when
     * the stored hash was made with other ones, else null.
     */
    public record Verified(Account account, String matchedHash, String rehash) {
    }

    /** One password hash is spent whatever the outcome; empty for an unknown username or a wrong password. */
    public Optional<Verified> authenticate(String rawUsername, String rawPassword) {
        return verify(rawUsername, rawPassword).map(found -> new Verified(found, found.passwordHash(),
                hasher.needsRehash(found.passwordHash()) ? hasher.hash(rawPassword) : null));
    }

    /**
     * Locks the account's row (in the caller's transaction) and returns it if its password is still
     * the one that was verified: a password change or an admin's temporary password committed since
     * the check makes this empty, so a sign-in in flight cannot outlive it. An outdated hash is
     * replaced on the way. An enabled account with a temporary password throws
     * {@link PasswordChangeRequired}, or is empty when that password has expired.
     */
    public Optional<Account> stillValid(Verified verified) {
        return stillValid(em.find(Account.class, verified.account().id(), LockModeType.PESSIMISTIC_WRITE), verified, clock.instant());
    }

    /** {@link #stillValid(Verified)}'s decision on the locked row. */
    static Optional<Account> stillValid(Account locked, Verified verified, Instant now) {
        if (locked == null || !locked.passwordHash().equals(verified.matchedHash()) || locked.temporaryPasswordExpired(now)) {
            return Optional.empty();
        }
        if (verified.rehash() != null) {
            locked.rehash(verified.rehash());
        }
        if (locked.isEnabled() && locked.passwordChangeRequired()) {
            throw new PasswordChangeRequired();
        }
        return Optional.of(locked);
    }

    /** The account whose password matches, nothing else done; one password hash is spent whatever the outcome. */
    public Optional<Account> verify(String rawUsername, String rawPassword) {
        Optional<Account> account = Username.parse(rawUsername).flatMap(this::byUsername);
        if (account.isEmpty()) {
            hasher.spendDecoyHash(rawPassword);
            return Optional.empty();
        }
        return hasher.matches(rawPassword, account.get().passwordHash()) ? account : Optional.empty();
    }

    public Optional<Account> byUsername(Username username) {
        return em.createNamedQuery("Account.byUsername", Account.class)
                .setParameter("username", username.value())
                .getResultStream()
                .findFirst();
    }

    public Optional<Account> byRawUsername(String rawUsername) {
        return Username.parse(rawUsername).flatMap(this::byUsername);
    }

    public Optional<Account> byId(String id) {
        return Optional.ofNullable(id).map(key -> em.find(Account.class, key));
    }

    public long count() {
        return em.createNamedQuery("Account.count", Long.class).getSingleResult();
    }
}
