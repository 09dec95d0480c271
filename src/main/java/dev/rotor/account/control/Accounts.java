package dev.rotor.account.control;

import dev.rotor.account.entity.Account;
import dev.rotor.account.entity.Password;
import dev.rotor.account.entity.Username;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Clock;
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
     * The account whose password matches, for a sign-in; one password hash is spent whatever the
     * outcome. A hash made with other settings is replaced on the way (in the caller's
     * transaction). An enabled account with a temporary password throws {@link PasswordChangeRequired}.
     */
    public Optional<Account> authenticate(String rawUsername, String rawPassword) {
        Optional<Account> account = verify(rawUsername, rawPassword);
        account.ifPresent(found -> {
            if (hasher.needsRehash(found.passwordHash())) {
                em.createNamedQuery("Account.rehash")
                        .setParameter("id", found.id())
                        .setParameter("previous", found.passwordHash())
                        .setParameter("next", hasher.hash(rawPassword))
                        .executeUpdate();
            }
            if (found.isEnabled() && found.passwordChangeRequired()) {
                throw new PasswordChangeRequired();
            }
        });
        return account;
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
