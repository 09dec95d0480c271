package dev.rotor.logout.control;

import dev.rotor.account.control.Accounts;
import dev.rotor.account.control.PasswordHasher;
import dev.rotor.account.entity.Account;
import dev.rotor.audit.control.AuditLog;
import dev.rotor.client.control.Clients;
import dev.rotor.RecordingEvent;
import dev.rotor.platform.RotorSettings;
import dev.rotor.session.control.Refreshes;
import dev.rotor.session.control.RevocationLog;
import dev.rotor.session.control.RevocationSignal;
import dev.rotor.session.control.SessionEnded;
import dev.rotor.session.control.SessionEnds;
import dev.rotor.session.control.SessionExpiry;
import dev.rotor.session.control.Sessions;
import dev.rotor.session.entity.Revocation;
import dev.rotor.token.control.AccessTokenIssuer;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.persistence.EntityManager;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One Rotor instance's session services and logout outbox on one entity manager, wired by hand
 * (their fields are package-private to another package, so by reflection), with {@link SessionEnded}
 * delivered to the outbox synchronously, as CDI does.
 */
final class Wiring {

    final EntityManager em;
    final AuditLog audit = new AuditLog();
    final Accounts accounts = new Accounts();
    final Sessions sessions = new Sessions();
    final Refreshes refreshes = new Refreshes();
    final SessionEnds ends = new SessionEnds();
    final SessionExpiry expiry = new SessionExpiry();
    final RevocationLog revocations = new RevocationLog();
    final Clients clients = new Clients();
    final LogoutOutbox outbox = new LogoutOutbox();

    Wiring(EntityManager em, Clock clock, int maxPerUser) {
        this.em = em;
        try {
            set(audit, "em", em);
            set(audit, "clock", clock);
            set(accounts, "em", em);
            set(accounts, "clock", clock);
            set(accounts, "hasher", new PlainHasher());
            RevocationSignal signal = new RevocationSignal();
            set(signal, "postgres", false);
            set(revocations, "em", em);
            set(revocations, "revoked", new RecordingEvent<Revocation>());
            set(revocations, "ended", RecordingEvent.<SessionEnded>dispatching(outbox::sessionEnded));
            set(revocations, "clock", clock);
            set(revocations, "settings", RotorSettings.defaults());
            set(revocations, "signal", signal);
            AccessTokenIssuer accessTokens = new AccessTokenIssuer() {
                @Override
                public AccessToken issue(Account account, String sessionId, String clientId, List<String> audience, String scope,
                                     dev.rotor.token.entity.Authentication authentication) {
                    return new AccessToken("access-" + sessionId, clock.instant().plusSeconds(900));
                }
            };
            set(sessions, "em", em);
            set(sessions, "self", sessions);
            set(sessions, "accounts", accounts);
            set(sessions, "accessTokens", accessTokens);
            set(sessions, "audit", audit);
            set(sessions, "revocations", revocations);
            set(sessions, "secondSteps", new dev.rotor.session.control.NoSecondStep());
            set(sessions, "clock", clock);
            set(sessions, "settings", RotorSettings.defaults());
            set(sessions, "maxPerUser", maxPerUser);
            set(refreshes, "em", em);
            set(refreshes, "accessTokens", accessTokens);
            set(refreshes, "audit", audit);
            set(refreshes, "revocations", revocations);
            set(refreshes, "clock", clock);
            set(refreshes, "ends", ends);
            set(refreshes, "settings", RotorSettings.defaults());
            Method init = Refreshes.class.getDeclaredMethod("init");
            init.setAccessible(true);
            init.invoke(refreshes);
            set(ends, "em", em);
            set(ends, "audit", audit);
            set(ends, "revocations", revocations);
            set(ends, "clock", clock);
            set(expiry, "em", em);
            set(expiry, "revocations", revocations);
            set(expiry, "self", new SessionExpiry() {
                @Override
                public int endBatch(java.time.Instant now) {
                    return dev.rotor.platform.TestPersistence.inTransaction(em, () -> expiry.endBatch(now));
                }
            });
            set(clients, "em", em);
            set(clients, "builtIns", List.of("rotor-web", "rotor-cli"));
            set(clients, "builtInPasswordGrant", true);
            outbox.em = em;
            outbox.clients = clients;
            outbox.clock = clock;
            outbox.retention = java.time.Duration.ofDays(30);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static void set(Object target, String name, Object value) throws ReflectiveOperationException {
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                field.set(target, value);
                return;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(target.getClass() + "." + name);
    }

    /** Passwords "hashed" as plain text: these tests are about logouts, not hashing. */
    static final class PlainHasher extends PasswordHasher {
        static String hashOf(String password) {
            return "plain:" + password;
        }

        @Override
        public String hash(String rawPassword) {
            return hashOf(rawPassword);
        }

        @Override
        public boolean matches(String rawPassword, String storedHash) {
            return hashOf(rawPassword).equals(storedHash);
        }

        @Override
        public void spendDecoyHash(String rawPassword) {
        }

        @Override
        public boolean needsRehash(String storedHash) {
            return false;
        }
    }
}
