package dev.rotor.session.control;

import java.util.Optional;

/** Drives {@link AccessCutoff} with a fake database, for the cut-off benchmark. */
public final class AccessCutoffProbe {

    private final AccessCutoff cutoff = new AccessCutoff();
    private final int sessions;

    public AccessCutoffProbe(int sessions) {
        this.sessions = sessions;
        cutoff.sessionLoader = id -> Boolean.TRUE;
        cutoff.accountLoader = id -> Optional.empty();
    }

    public long run(long checks) {
        long accepted = 0;
        for (long i = 0; i < checks; i++) {
            int n = (int) (i % sessions);
            if (cutoff.accepts("account-" + (n % 100), "session-" + n, 1_000)) {
                accepted++;
            }
        }
        return accepted;
    }

    public long databaseReads() {
        return cutoff.databaseReads();
    }
}
