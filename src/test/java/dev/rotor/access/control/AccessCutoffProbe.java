package dev.rotor.access.control;

import dev.rotor.access.control.AccessCutoff.SessionFacts;
import java.time.Clock;
import java.time.Instant;

/** Drives {@link AccessCutoff} with a fake database, for the cut-off benchmark. */
public final class AccessCutoffProbe {

    private final AccessCutoff cutoff = new AccessCutoff();
    private final int sessions;

    public AccessCutoffProbe(int sessions) {
        this.sessions = sessions;
        SessionFacts active = new SessionFacts(true, Instant.MAX);
        cutoff.clock = Clock.systemUTC();
        cutoff.sessionLoader = id -> active;
        cutoff.accountLoader = id -> 0L;
    }

    public long run(long checks) {
        long accepted = 0;
        for (long i = 0; i < checks; i++) {
            int n = (int) (i % sessions);
            if (cutoff.accepts("account-" + (n % 100), "session-" + n, 0)) {
                accepted++;
            }
        }
        return accepted;
    }

    public long databaseReads() {
        return cutoff.databaseReads();
    }
}
