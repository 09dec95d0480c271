package dev.rotor.throttle.control;

import dev.rotor.account.control.Accounts;
import dev.rotor.account.entity.Account;
import dev.rotor.audit.control.AuditLog;
import dev.rotor.audit.entity.AuditType;
import dev.rotor.platform.Housekeeping;
import dev.rotor.platform.RequestFacts;
import dev.rotor.throttle.control.ThrottleEntries.Counted;
import dev.rotor.throttle.control.ThrottleEntries.Recorded;
import dev.rotor.throttle.control.ThrottleEntries.Refused;
import dev.rotor.throttle.entity.ThrottleEntry;
import dev.rotor.throttle.entity.ThrottleKind;
import dev.rotor.throttle.entity.ThrottlePolicy;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sign-in throttling, per typed username and per client address, and registration throttling
 * per address. The decision is taken, and the attempt counted, before any account is looked up or
 * any password hashed, from the throttle rows alone, so a known and an unknown username are
 * treated exactly alike and parallel attempts are all counted.
 */
@ApplicationScoped
public class SignInThrottle implements Housekeeping.Chore {

    @Inject
    ThrottleEntries entries;

    @Inject
    ThrottleKeys keys;

    @Inject
    Accounts accounts;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Inject
    ThrottleSettings shared;


    @Inject
    @ConfigProperty(name = "rotor.throttle.account.max-failures", defaultValue = "10")
    int accountMaxFailures;

    @Inject
    @ConfigProperty(name = "rotor.throttle.account.free-failures", defaultValue = "3")
    int accountFreeFailures;

    @Inject
    @ConfigProperty(name = "rotor.throttle.address.max-failures", defaultValue = "100")
    int addressMaxFailures;

    @Inject
    @ConfigProperty(name = "rotor.throttle.registration.max-per-address", defaultValue = "20")
    int registrationMax;

    private ThrottlePolicy accountPolicy;
    private ThrottlePolicy addressPolicy;
    private ThrottlePolicy registrationPolicy;

    /** Housekeeping makes this bean at start, so impossible settings stop the start. */
    @PostConstruct
    void policies() {
        List<String> problems = new java.util.ArrayList<>();
        if (accountMaxFailures < 1 || addressMaxFailures < 1 || registrationMax < 1) {
            problems.add("rotor.throttle.account.max-failures, rotor.throttle.address.max-failures and "
                    + "rotor.throttle.registration.max-per-address must be at least 1");
        }
        if (accountFreeFailures < 0) {
            problems.add("rotor.throttle.account.free-failures must not be negative");
        }
        if (Stream.of(shared.window(), shared.lockout(), shared.backoffBase(), shared.backoffMax()).anyMatch(Duration::isNegative)) {
            problems.add("rotor.throttle durations must not be negative");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Rotor configuration cannot work: " + String.join("; ", problems));
        }
        accountPolicy = new ThrottlePolicy(accountMaxFailures, accountFreeFailures, shared.backoffBase(), shared.backoffMax(), shared.window(), shared.lockout());
        addressPolicy = ThrottlePolicy.limit(addressMaxFailures, shared.window(), shared.lockout());
        registrationPolicy = ThrottlePolicy.limit(registrationMax, shared.window(), shared.lockout());
    }

    /**
     * One sign-in attempt (or check of a current password), counted as a failure against the typed
     * username and the client address BEFORE the password is checked, each in one locked
     * read-and-update of its row. Parallel attempts are therefore counted one after another: once
     * a count earns a back-off or a lockout, the attempts behind it are refused here with
     * {@link TooManyAttempts} and no password is hashed for them; no failure that had its password
     * checked goes uncounted. The caller reports the outcome with {@link #failed} or
     * {@link #succeeded}: a right password gives the address its count back and clears the username's.
     */
    public Attempt begin(String rawUsername, RequestFacts facts) {
        if (!shared.enabled()) {
            return new Attempt(null, null, false, false);
        }
        Instant now = clock.instant();
        String accountKey = keys.accountKey(rawUsername);
        String address = facts == null ? null : facts.clientIp();
        boolean addressLockout = false;
        if (address != null) {
            Counted byAddress = entries.count(ThrottleKind.ADDRESS, address, addressPolicy, now);
            if (byAddress instanceof Refused refused) {
                Duration wait = entries.find(ThrottleKind.ACCOUNT, accountKey)
                        .flatMap(entry -> entry.retryAfter(now))
                        .filter(accountWait -> accountWait.compareTo(refused.retryAfter()) > 0)
                        .orElse(refused.retryAfter());
                throw new TooManyAttempts(seconds(wait));
            }
            addressLockout = ((Recorded) byAddress).lockoutStarted();
        }
        Counted byAccount = entries.count(ThrottleKind.ACCOUNT, accountKey, accountPolicy, now);
        if (byAccount instanceof Refused refused) {
            if (address != null) {
                entries.refund(ThrottleKind.ADDRESS, address);
            }
            throw new TooManyAttempts(seconds(refused.retryAfter()));
        }
        return new Attempt(accountKey, address, ((Recorded) byAccount).lockoutStarted(), addressLockout);
    }

    /** A counted attempt: which keys it was counted against, and whether its count started a lockout. */
    public record Attempt(String accountKey, String address, boolean accountLockout, boolean addressLockout) {
    }

    /** The attempt's password was wrong: its failure stays counted; a lockout it started is audited (once per lockout). */
    public void failed(Attempt attempt, String rawUsername, RequestFacts facts) {
        if (attempt.accountLockout()) {
            String accountId = accounts.byRawUsername(rawUsername).map(Account::id).orElse(null);
            audit.record(AuditType.LOGIN_THROTTLED, accountId, null, null, facts,
                    "kind=account failures=" + accountMaxFailures + " locked for " + shared.lockout());
        }
        if (attempt.addressLockout()) {
            audit.record(AuditType.LOGIN_THROTTLED, null, null, null, facts,
                    "kind=address failures=" + addressMaxFailures + " locked for " + shared.lockout());
        }
    }

    /** The attempt's password was right: the username's count is cleared, the address gets its count back. */
    public void succeeded(Attempt attempt) {
        if (attempt.accountKey() != null) {
            entries.delete(ThrottleKind.ACCOUNT, attempt.accountKey());
        }
        if (attempt.address() != null) {
            entries.refund(ThrottleKind.ADDRESS, attempt.address());
        }
    }

    /**
     * The attempt's password was right but a second step must follow: the address gets its count
     * back, the username's failure stays counted until the second step succeeds ({@link #forgetFailures}).
     */
    public void passwordRight(Attempt attempt) {
        if (attempt.address() != null) {
            entries.refund(ThrottleKind.ADDRESS, attempt.address());
        }
    }

    /** Clears the username's count (a temporary password set by an admin, a completed second step); the address keeps its count. */
    public void forgetFailures(String rawUsername) {
        if (shared.enabled()) {
            entries.delete(ThrottleKind.ACCOUNT, keys.accountKey(rawUsername));
        }
    }

    /** Counts a registration attempt from this address, or throws {@link TooManyAttempts}. */
    public void registrationAttempt(RequestFacts facts) {
        String address = facts == null ? null : facts.clientIp();
        if (!shared.enabled() || address == null) {
            return;
        }
        var counted = entries.count(ThrottleKind.REGISTRATION, address, registrationPolicy, clock.instant());
        if (counted instanceof Refused refused) {
            throw new TooManyAttempts(seconds(refused.retryAfter()));
        }
        if (counted instanceof Recorded r && r.lockoutStarted()) {
            audit.record(AuditType.LOGIN_THROTTLED, null, null, null, facts,
                    "kind=registration attempts=" + registrationMax + " locked for " + shared.lockout());
        }
    }

    /** The throttle state of an account's username, if any. */
    public Optional<ThrottleEntry> ofAccount(Account account) {
        return entries.find(ThrottleKind.ACCOUNT, keys.accountKey(account.username()));
    }

    /** Clears an account's count (admin); audited. Returns whether there was one. */
    public boolean unblockAccount(Account account, String actorId, RequestFacts facts) {
        boolean cleared = entries.delete(ThrottleKind.ACCOUNT, keys.accountKey(account.username()));
        audit.record(AuditType.ADMIN_UNBLOCKED, account.id(), actorId, null, facts, "kind=account cleared=" + cleared);
        return cleared;
    }

    /** Addresses that are throttled right now, longest wait first (at most {@code max}). */
    public List<ThrottleEntry> blockedAddresses(int max) {
        return entries.blocked(ThrottleKind.ADDRESS, clock.instant(), max);
    }

    /** Clears an address's sign-in count (admin); audited. Returns whether there was one. */
    public boolean unblockAddress(String address, String actorId, RequestFacts facts) {
        boolean cleared = entries.delete(ThrottleKind.ADDRESS, address);
        if (cleared) {
            audit.record(AuditType.ADMIN_UNBLOCKED, null, actorId, null, facts, "kind=address address=" + address);
        }
        return cleared;
    }

    @Override
    public String deletes() {
        return "stale sign-in throttle rows";
    }

    /** Deletes rows that neither count nor block any more. */
    @Override
    public int run(Instant now) {
        Duration keep = shared.window().compareTo(shared.lockout()) > 0 ? shared.window() : shared.lockout();
        return entries.purge(now, keep);
    }

    /** Retry-After in whole seconds, rounded up, at least 1. */
    static long seconds(Duration wait) {
        long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
