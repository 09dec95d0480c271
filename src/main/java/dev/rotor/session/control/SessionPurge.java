package dev.rotor.session.control;

import dev.rotor.platform.BatchedDelete;
import dev.rotor.platform.Housekeeping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Deletes sessions that ended or expired longer than {@code rotor.sessions.retention} (30 days) ago, 500 per transaction. */
@ApplicationScoped
public class SessionPurge implements Housekeeping.Chore {

    static final BatchedDelete.Rows OLD_SESSIONS = new BatchedDelete.Rows("Session.idsToPurge", "Session.deleteByIds", 500);

    @Inject
    BatchedDelete batches;

    @Inject
    @ConfigProperty(name = "rotor.sessions.retention", defaultValue = "P30D")
    Duration retention;

    @Override
    public String deletes() {
        return "old sessions";
    }

    @Override
    public int run(Instant now) {
        return batches.deleteAll(OLD_SESSIONS, now.minus(retention));
    }
}
