package dev.rotor.oauth.control;

import dev.rotor.session.entity.Revocation;
import java.time.Instant;

/** Revocation rows for tests. */
final class Revocations {

    private Revocations() {
    }

    static Revocation session(long seq, Instant recordedAt) {
        return new Revocation(seq, Revocation.Kind.SESSION, "account-1", "session-" + seq, null, "LOGOUT", recordedAt);
    }
}
