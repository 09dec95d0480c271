package dev.rotor.audit.control;

import dev.rotor.platform.BatchedDelete;
import dev.rotor.platform.Housekeeping;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Deletes audit events older than {@code rotor.audit.retention} (90 days), 1,000 per transaction,
 * so the table stays bounded whatever callers send.
 */
@ApplicationScoped
public class AuditRetention implements Housekeeping.Chore {

    static final BatchedDelete.Rows OLD_EVENTS = new BatchedDelete.Rows("AuditEvent.idsBefore", "AuditEvent.deleteByIds", 1000);

    @Inject
    BatchedDelete batches;

    @Inject
    @ConfigProperty(name = "rotor.audit.retention", defaultValue = "P90D")
    Duration retention;

    @Override
    public String deletes() {
        return "audit events past retention";
    }

    @Override
    public int run(Instant now) {
        return batches.deleteAll(OLD_EVENTS, now.minus(retention));
    }
}
