package dev.rotor.admin.control;

import dev.rotor.platform.Page;
import dev.rotor.platform.PageRequest;

import dev.rotor.account.control.Accounts;
import dev.rotor.account.control.NoSuchAccount;
import dev.rotor.account.entity.Account;
import dev.rotor.audit.control.AuditLog;
import dev.rotor.audit.entity.AuditType;
import dev.rotor.factor.control.Factors;
import dev.rotor.factor.entity.FactorKind;
import dev.rotor.platform.RequestFacts;
import dev.rotor.session.control.SessionEnds;
import dev.rotor.session.control.RevocationLog;
import dev.rotor.session.entity.CutoffReason;
import dev.rotor.session.entity.SessionStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What an operator does to accounts: find, create, enable or disable, change roles. Every change is audited with the actor. */
@ApplicationScoped
public class UserAdministration {

    public static final Set<String> ROLES = Set.of("user", "admin");

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    Accounts accounts;

    @Inject
    SessionEnds sessions;

    @Inject
    AuditLog audit;

    @Inject
    RevocationLog revocations;

    @Inject
    Clock clock;

    @Inject
    Factors factors;

    /** An account with its number of active sessions. */
    public record ManagedUser(Account account, long activeSessions) {
    }

    /** Accounts whose username starts with {@code prefix} (case-insensitive), by username. */
    public Page<ManagedUser> search(String prefix, PageRequest paging) {
        String pattern = escapeLike(prefix == null ? "" : prefix.strip().toLowerCase(java.util.Locale.ROOT)) + "%";
        long total = em.createQuery("SELECT COUNT(a) FROM Account a WHERE a.username LIKE :p ESCAPE '\\'", Long.class)
                .setParameter("p", pattern).getSingleResult();
        List<Account> found = em.createQuery("SELECT a FROM Account a WHERE a.username LIKE :p ESCAPE '\\' ORDER BY a.username", Account.class)
                .setParameter("p", pattern)
                .setFirstResult(paging.offset())
                .setMaxResults(paging.size())
                .getResultList();
        Map<String, Long> counts = activeCounts(found.stream().map(Account::id).toList());
        return Page.of(paging, total, found.stream()
                .map(a -> new ManagedUser(a, counts.getOrDefault(a.id(), 0L))).toList());
    }

    public ManagedUser find(String id) {
        Account account = accounts.byId(id).orElseThrow(NoSuchAccount::new);
        return new ManagedUser(account, activeCounts(List.of(id)).getOrDefault(id, 0L));
    }

    @Transactional
    public Account create(String username, String password, Collection<String> roles, String actorId, RequestFacts facts) {
        Account account = accounts.create(username, password, checkedRoles(roles));
        audit.record(AuditType.ADMIN_CREATED_USER, account.id(), actorId, null, facts, "roles=" + account.roles());
        return account;
    }

    /**
     * Removes every second factor of the user (passkeys, authenticator app, recovery codes: an admin
     * never sees one) and ends all the user's sessions, audited {@code ADMIN_REMOVED_FACTORS}. The
     * user signs in with the password next, and enrols again if the policy requires a factor.
     * Returns how many sessions ended.
     */
    @Transactional
    public int removeFactors(String id, String actorId, RequestFacts facts) {
        find(id);
        factors.removeAll(id);
        return sessions.endAll(id, SessionStatus.FACTOR_CHANGED, AuditType.ADMIN_REMOVED_FACTORS, actorId, facts);
    }

    /** The kinds of second factor the user has (what the console shows; never a secret). */
    public List<String> factorsOf(String id) {
        return factors.of(id).stream().map(FactorKind::wire).toList();
    }

    /**
     * Enables or disables an account and sets its roles. Disabling ends every session (reason
     * ACCOUNT_DISABLED); a role change cuts off access tokens so the next refresh carries the new
     * roles. An admin cannot disable themselves or drop their own admin role.
     */
    @Transactional
    public Account update(String id, Boolean enabled, Collection<String> roles, String actorId, RequestFacts facts) {
        Account account = em.find(Account.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (account == null) {
            throw new NoSuchAccount();
        }
        boolean self = account.id().equals(actorId);
        if (self && Boolean.FALSE.equals(enabled)) {
            throw new SelfLockout("You cannot disable your own account.");
        }
        if (roles != null) {
            Set<String> newRoles = checkedRoles(roles);
            if (self && !newRoles.contains("admin")) {
                throw new SelfLockout("You cannot remove your own admin role.");
            }
            if (!newRoles.equals(account.roles())) {
                account.grantRoles(newRoles);
                revocations.cutOff(account, CutoffReason.ROLES_CHANGED);
                audit.record(AuditType.ADMIN_UPDATED_USER, id, actorId, null, facts, "roles=" + newRoles);
            }
        }
        if (Boolean.FALSE.equals(enabled) && account.isEnabled()) {
            account.disable();
            sessions.endAll(id, SessionStatus.ACCOUNT_DISABLED, AuditType.ADMIN_DISABLED_USER, actorId, facts);
        } else if (Boolean.TRUE.equals(enabled) && !account.isEnabled()) {
            account.enable();
            audit.record(AuditType.ADMIN_ENABLED_USER, id, actorId, null, facts, null);
        }
        return account;
    }

    private Map<String, Long> activeCounts(List<String> ids) {
        Map<String, Long> counts = new HashMap<>();
        if (ids.isEmpty()) {
            return counts;
        }
        em.createNamedQuery("Session.activeCountsByAccounts", Object[].class)
                .setParameter("ids", ids)
                .setParameter("now", clock.instant())
                .getResultList()
                .forEach(row -> counts.put((String) row[0], ((Number) row[1]).longValue()));
        return counts;
    }

    private static Set<String> checkedRoles(Collection<String> roles) {
        if (roles == null || roles.isEmpty() || !ROLES.containsAll(roles)) {
            throw new InvalidRoles();
        }
        return Set.copyOf(roles);
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
