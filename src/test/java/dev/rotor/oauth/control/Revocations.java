package dev.rotor.oauth.control;

import dev.rotor.session.entity.Revocation;
import dev.rotor.session.entity.SessionStatus;
import java.lang.reflect.Field;
import java.time.Instant;

/** Revocation rows as the database hands them back, with their sequence number. */
final class Revocations {

    private Revocations() {
    }

    static Revocation session(long seq, Instant recordedAt) {
        Revocation revocation = Revocation.sessionEnded("account-1", "session-" + seq, SessionStatus.LOGOUT, recordedAt);
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
