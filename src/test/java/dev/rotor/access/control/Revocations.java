package dev.rotor.access.control;

import dev.rotor.session.entity.Revocation;
import dev.rotor.session.entity.SessionStatus;
import java.lang.reflect.Field;
import java.time.Instant;

/** Log entries as the database would hand them back, with their sequence number. */
final class Revocations {

    static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    private Revocations() {
    }

    static Revocation sessionEnded(long seq, String accountId, String sessionId) {
        return numbered(Revocation.sessionEnded(accountId, sessionId, SessionStatus.LOGOUT, AT), seq);
    }

    static Revocation cutOff(long seq, String accountId, long minTokenVersion) {
        return numbered(Revocation.accountCutOff(accountId, minTokenVersion, "LOGOUT_ALL", AT), seq);
    }

    private static Revocation numbered(Revocation revocation, long seq) {
        try {
            Field field = Revocation.class.getDeclaredField("seq");
            field.setAccessible(true);
            field.setLong(revocation, seq);
            return revocation;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
